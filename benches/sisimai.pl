#!/usr/bin/perl
# sisimai (Debian libsisimai-perl) over the same folder as examples/bench_bounce.rs; one JSON line.
use strict;
use warnings;
use Sisimai;
use Time::HiRes qw(time);
my $dir = shift or die "usage: $0 DIR\n";
opendir(my $dh, $dir) or die "$dir: $!";
my $n = grep { -f "$dir/$_" } readdir($dh);
my $runs = $ENV{RUNS} || 3;
my (@rates, $records);
for (1 .. $runs) {
    my $t = time;
    my $v = Sisimai->make($dir) || [];
    $records = scalar @$v;
    push @rates, $n / (time - $t);
}
@rates = sort { $a <=> $b } @rates;
printf "{\"tool\":\"sisimai\",\"version\":\"%s\",\"messages\":%d,\"recipients\":%d,\"runs\":%d,\"medianMessagesPerSecond\":%.0f}\n",
    $Sisimai::VERSION, $n, $records, $runs, $rates[int($runs / 2)];
