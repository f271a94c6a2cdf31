# The two commands of the README. Each installs what it needs first (scripts/setup.sh).
.PHONY: serve test build accuracy bench
serve:            ## build everything and serve www/ on http://127.0.0.1:8080
	scripts/serve.sh
test:             ## run every test (installs the toolchain pieces and chromium when missing)
	scripts/test.sh
build:            ## the npm package in pkg/ and the page's copy in www/pkg/
	scripts/setup.sh && scripts/build.sh
accuracy:         ## regenerate docs/ACCURACY.md
	cargo run --release --example accuracy
bench:            ## criterion benchmarks (figures go to docs/BENCHMARKS.md)
	cargo bench --bench smtp
