using Kosmo.Core.IO;
using Kosmo.Experiment.Config;

namespace Kosmo.Experiment;

/// <summary>
/// What one experiment run is (its config, run folder and sweep trial) and what it accumulates while it runs (wall
/// time and memory per step and per cell, for RUN/timing.json). The stages' results are not kept here: each stage
/// returns its own typed record (<see cref="Prepared"/>, the predictions by model) that the next one reads.
/// </summary>
internal sealed class RunScope
{
    public RunScope(ExperimentConfig config, string outDir, int trialIndex)
    {
        Config = config;
        OutDir = outDir;
        TrialIndex = trialIndex;
    }

    public ExperimentConfig Config { get; }

    /// <summary>The run folder (RUN/).</summary>
    public string OutDir { get; }

    /// <summary>Index of the sweep trial this run belongs to (0 without a sweep).</summary>
    public int TrialIndex { get; }

    /// <summary>The folder of one sweep trial's per-fold outputs.</summary>
    public string TrialDir => TrialDirOf(OutDir, TrialIndex);

    /// <summary>Wall seconds per step, for RUN/timing.json (kept out of metrics.json so it stays byte-identical).</summary>
    public Dictionary<string, double> StepSeconds { get; } = new(StringComparer.Ordinal);

    /// <summary>Wall time and memory per step and per (model, fold) cell, in order, for RUN/timing.json.</summary>
    public List<MemoryReading> Memory { get; } = [];

    /// <summary>The folder of trial <paramref name="trialIndex"/>'s per-fold outputs in the run folder <paramref name="outDir"/>.</summary>
    public static string TrialDirOf(string outDir, int trialIndex) => RunLayout.Trial(outDir, trialIndex);
}
