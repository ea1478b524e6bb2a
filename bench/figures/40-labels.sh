#!/usr/bin/env bash
# Label, sample-weight, CPCV and lazy-dataset timings (seconds; windows/s) on a generated small-cap-sized panel.
dotnet bench/Kosmo.Bench/bin/Release/net10.0/Kosmo.Bench.dll figure labels "$@"
