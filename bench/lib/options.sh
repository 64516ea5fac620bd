# shellcheck shell=bash
# What the benchmark scripts share, sourced by each: where the binaries, the cached data sets and
# the results are, and the options more than one of them takes. Reads BENCH_DIR and REPO_ROOT.
# shellcheck disable=SC2034 # the variables are read by the scripts that source this

SERVER=$REPO_ROOT/build/microblog
SEED=$REPO_ROOT/build/bench/microblog_bench_seed
CACHE=$BENCH_DIR/.cache
RESULTS=$BENCH_DIR/results
SECRET_KEY=bench-secret-key-not-for-production

sizes=(1x 10x)
backends=(sqlite mysql)
cache=both
duration=${DURATION:-10s}

# Sets sizes, backends, cache or duration from one of the shared options and its value; a script
# passes only the options it takes, and shifts both words after.
shared_option() { # OPTION VALUE
  case "$1" in
    --size)
      case "$2" in
        1x | 10x) sizes=("$2") ;;
        both) sizes=(1x 10x) ;;
        *) die "--size takes 1x, 10x or both" ;;
      esac
      ;;
    --backend)
      case "$2" in
        sqlite | mysql) backends=("$2") ;;
        both) backends=(sqlite mysql) ;;
        *) die "--backend takes sqlite, mysql or both" ;;
      esac
      ;;
    --cache)
      [[ $2 =~ ^(on|off|both)$ ]] || die "--cache takes on, off or both"
      cache=$2
      ;;
    --duration)
      [[ $2 =~ ^[0-9]+[smh]?$ ]] || die "--duration takes a wrk duration such as 10s"
      duration=$2
      ;;
    *) die "shared_option: $1 is not a shared option" ;;
  esac
}
