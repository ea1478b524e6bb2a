using System.Text.Json.Nodes;

namespace Kosmo.Experiment;

/// <summary>The "memory" section of RUN/timing.json: the process peak, then per step and per cell.</summary>
internal static class MemoryTiming
{
    /// <summary>
    /// {"peak_rss_mb": max over steps, "steps": {NAME: {seconds, cpu_seconds, peak_rss_mb, rss_end_mb, heap_end_mb}},
    /// "cells": {MODEL/fold-N: {...}}}; MB are 10^6 bytes.
    /// </summary>
    public static JsonObject ToJson(IReadOnlyList<MemoryReading> readings)
    {
        var steps = new JsonObject();
        var cells = new JsonObject();
        foreach (var r in readings)
        {
            var entry = new JsonObject
            {
                ["seconds"] = r.Seconds,
                ["cpu_seconds"] = r.CpuSeconds,
                ["peak_rss_mb"] = r.PeakRssMb,
                ["rss_end_mb"] = r.RssEndMb,
                ["heap_end_mb"] = r.HeapEndMb,
            };
            (r.Name.Contains('/', StringComparison.Ordinal) ? cells : steps)[r.Name] = entry;
        }

        var stepPeaks = readings.Where(r => !r.Name.Contains('/', StringComparison.Ordinal)).Select(r => r.PeakRssMb);
        return new JsonObject
        {
            ["peak_rss_mb"] = stepPeaks.DefaultIfEmpty(0).Max(),
            ["steps"] = steps,
            ["cells"] = cells,
        };
    }
}
