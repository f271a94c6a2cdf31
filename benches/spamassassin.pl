#!/usr/bin/perl
# SpamAssassin (Debian's spamassassin 4, Mail::SpamAssassin) as the anchor for content scoring:
# local tests only, no Bayes, no auto-learning, no network (DNS, RBL, URIBL, Razor, Pyzor, DCC),
# no user prefs read or written. One process; the rules are loaded and compiled once, every
# message is read into memory (as bytes) before anything is timed.
#
#   perl benches/spamassassin.pl DIR|FILE...                 one JSON line on stdout (timing)
#   perl benches/spamassassin.pl --scores OUT.tsv DIR|FILE... label<TAB>file<TAB>score per message
#   ... --strip-trace                                         drop the receiver's trace fields first
#
# Timing: RUNS (default 3) passes of parse + check + get_score + finish over every message;
# prints {"tool":"spamassassin","version":...,"messages":N,"medianMessagesPerSecond":...,"runs":[...]}
# where runs holds the messages per second of each pass.
# Scores: the label is the name of the message's parent directory (ham, spam); the file is its
# base name; benches/auc.py reads the TSV.
# --strip-trace (either mode, applied when the messages are loaded, before any timing): drops
# every field of the top-level header block (with its folded continuation lines, those starting
# with SP or HT) whose name, compared ASCII case-insensitively, is one of @TRACE below or starts
# with X-Spam-, X-Virus- or X-Envelope-. The name is the text before the first ':' of the
# field's first line; a line with no ':' is kept. The header block ends at the first empty line
# ("\n" or "\r\n"); a message with none is all header. Everything else is kept byte for byte.
# Env: RUNS, SA_DEBUG (debug facilities for Mail::SpamAssassin, e.g. "dns,async,config"),
# SA_KEEP_REGEX_O=1 (leave the capture-template rules as shipped; see below).
use strict;
use warnings;
use Getopt::Long qw(GetOptions);
use File::Basename qw(basename dirname);
use File::Spec;
use File::Temp qw(tempdir);
use Time::HiRes qw(time);
use Mail::SpamAssassin;

my $usage = "usage: $0 [--scores OUT.tsv] [--strip-trace] DIR|FILE...\n";
my ($scores_out, $strip);
GetOptions('scores=s' => \$scores_out, 'strip-trace' => \$strip) or die $usage;
@ARGV or die $usage;

my @TRACE = qw(received return-path delivered-to x-original-to envelope-to x-received received-spf
    authentication-results arc-seal arc-message-signature arc-authentication-results);
my %TRACE = map { $_ => 1 } @TRACE;
my @TRACE_PREFIX = qw(x-spam- x-virus- x-envelope-);

sub is_trace_name {
    my ($name) = @_;
    $name =~ tr/A-Z/a-z/;    # ASCII only, whatever the bytes
    return 1 if $TRACE{$name};
    for my $p (@TRACE_PREFIX) { return 1 if substr($name, 0, length $p) eq $p }
    return 0;
}

sub strip_trace {
    my ($raw) = @_;
    my ($out, $pos, $drop, $len) = ('', 0, 0, length $raw);
    while ($pos < $len) {
        my $nl = index($raw, "\n", $pos);
        my $end = $nl < 0 ? $len : $nl + 1;
        my $line = substr($raw, $pos, $end - $pos);
        return $out . substr($raw, $pos) if $line eq "\n" || $line eq "\r\n";
        my $c = substr($line, 0, 1);
        if ($c ne ' ' && $c ne "\t") {    # a new field; else a continuation of the last one
            my $colon = index($line, ':');
            $drop = $colon >= 0 && is_trace_name(substr($line, 0, $colon));
        }
        $out .= $line unless $drop;
        $pos = $end;
    }
    return $out;
}

# The messages, in a stable order, all in memory first.
my @files;
for my $arg (@ARGV) {
    if (-d $arg) {
        opendir(my $dh, $arg) or die "$arg: $!\n";
        push @files, map { File::Spec->catfile($arg, $_) } sort grep { !/^\./ && -f "$arg/$_" } readdir $dh;
        closedir $dh;
    } elsif (-f $arg) {
        push @files, $arg;
    } else {
        die "$arg: not a file or directory\n";
    }
}
die "no messages\n" unless @files;
my @raw;
for my $f (@files) {
    open(my $fh, '<:raw', $f) or die "$f: $!\n";
    local $/;
    my $m = <$fh>;
    close $fh;
    $m = '' unless defined $m;
    push @raw, $strip ? strip_trace($m) : $m;
}

# Everything SpamAssassin might want to write goes to a throwaway directory (nothing should
# be written with this configuration; this is the guard).
my $state = tempdir('deliverkit-sa-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my $sa = Mail::SpamAssassin->new({
    local_tests_only     => 1,      # score set 0; no DNS-based rules, Razor, Pyzor, DCC
    dont_copy_prefs      => 1,      # never create ~/.spamassassin/user_prefs
    userstate_dir        => $state,
    home_dir_for_helpers => $state,
    skip_prng_reseeding  => 1,      # init() would otherwise probe ~/.spamassassin for writability
    require_rules        => 1,
    ($ENV{SA_DEBUG} ? (debug => $ENV{SA_DEBUG}) : ()),
    post_config_text     => join("\n",
        'use_bayes 0',
        'use_bayes_rules 0',
        'bayes_auto_learn 0',
        'dns_available no',
        'skip_rbl_checks 1',
        'skip_uribl_checks 1',
        'ifplugin Mail::SpamAssassin::Plugin::AWL', 'use_auto_whitelist 0', 'endif',
        'ifplugin Mail::SpamAssassin::Plugin::TxRep', 'use_txrep 0', 'endif',
        'ifplugin Mail::SpamAssassin::Plugin::Razor2', 'use_razor2 0', 'endif',
        'ifplugin Mail::SpamAssassin::Plugin::Pyzor', 'use_pyzor 0', 'endif',
        'ifplugin Mail::SpamAssassin::Plugin::DCC', 'use_dcc 0', 'endif',
        ''),
});
# SpamAssassin 4.0.1 runs its body, rawbody and uri rules as /$test_qr/o, so a rule whose pattern
# holds a capture template (%{TAG}, filled from the message being checked; in the stock rules
# __GB_CUSTOM_HTM_URI0-2, __GB_DRUPAL_URI and two T_ rules) is compiled once per process with the
# first message's value and never matches later messages as it should: in one long process the
# score of a message depends on which messages came before it. Only for those rules, drop the /o
# (a one-message `spamassassin` run scores the same). SA_KEEP_REGEX_O=1 keeps the stock code.
unless ($ENV{SA_KEEP_REGEX_O}) {
    require Mail::SpamAssassin::Plugin::Check;
    my $add = \&Mail::SpamAssassin::Plugin::Check::add_evalstr;
    no warnings 'redefine';
    *Mail::SpamAssassin::Plugin::Check::add_evalstr = sub {
        my ($self, $pms, $str) = @_;
        $str =~ s{/\$test_qr/(g?)op\)}{/\$test_qr/$1p)}g
            if defined $str && index($str, '{capture_template_rules}') >= 0;
        return $add->($self, $pms, $str);
    };
}
$sa->compile_now(0);    # 0: no user prefs; rules loaded and compiled here, outside the timing

sub score_one {
    my $msg = $sa->parse($_[0]);
    my $status = $sa->check($msg);
    my $score = $status->get_score;
    $status->finish;
    $msg->finish;
    return $score;
}

my $n = @raw;
if (defined $scores_out) {
    open(my $out, '>', $scores_out) or die "$scores_out: $!\n";
    my $t = time;
    for my $i (0 .. $#raw) {
        my $label = basename(dirname($files[$i]));
        printf $out "%s\t%s\t%.3f\n", $label, basename($files[$i]), score_one($raw[$i]);
    }
    close $out or die "$scores_out: $!\n";
    printf STDERR "[spamassassin] %d messages scored into %s in %.1f s%s\n",
        $n, $scores_out, time - $t, $strip ? ' (trace fields stripped)' : '';
    exit 0;
}

my $runs = $ENV{RUNS} || 3;
my @rates;
for (1 .. $runs) {
    my $t = time;
    score_one($_) for @raw;
    push @rates, $n / (time - $t);
}
my @sorted = sort { $a <=> $b } @rates;
printf "{\"tool\":\"spamassassin\",\"version\":\"%s\",\"messages\":%d,\"medianMessagesPerSecond\":%.0f,\"runs\":[%s]}\n",
    Mail::SpamAssassin::Version(), $n, $sorted[int($runs / 2)], join(',', map { sprintf '%.1f', $_ } @rates);
