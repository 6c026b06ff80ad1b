#!/usr/bin/env bash
# What the demo's on-call engineer does outside any plan: changes one
# setting of one environment by hand. Rehearse did not run this; its drift
# check is what notices.
set -euo pipefail
: "${3:?usage: set-by-hand.sh <environment> <setting> <value>}"
mkdir -p ".rehearse/settings/$1"
echo "$3" >".rehearse/settings/$1/$2"
echo "$1: $2 is now $3 (changed by hand)"
