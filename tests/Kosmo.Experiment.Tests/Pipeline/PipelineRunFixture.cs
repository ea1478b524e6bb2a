using Kosmo.Core.IO;
using Kosmo.Experiment.Config;
using Kosmo.Experiment;
using Kosmo.Features.Splits;
using Kosmo.Models.RunFolder;

namespace Kosmo.Experiment.Tests.Pipeline;

/// <summary>
/// Runs one experiment config end to end in a temporary folder for all tests of a class (xunit class fixture: derive
/// with a parameterless constructor passing the YAML), and rebuilds its walk-forward folds as the run did.
/// </summary>
public abstract class PipelineRunFixture : IDisposable
{
    /// <param name="yaml">The experiment config.</param>
    /// <param name="name">A short name for the temporary folder and the config file name.</param>
    protected PipelineRunFixture(string yaml, string name)
    {
        Dir = Path.Combine(Path.GetTempPath(), $"kosmo-{name}-" + Guid.NewGuid().ToString("N"));
        var trials = ExperimentConfig.Parse(yaml, name + ".yaml");
        var outcome = new ExperimentRunner(trials, Dir, new RunOptions(false, null, false), new SilentProgress()).Run(CancellationToken.None);
        Prepared = outcome.Prepared;
        Predictions = outcome.Predictions;
        var c = trials[0];
        Folds = Prepared.Splits.Select((s, k) => FoldBuilder.Build(Prepared.Samples, s, k, c.Split.ValidationFraction, c.Model.MaxTrainSamples, c.Seed + k)).ToList();
    }

    /// <summary>The run folder.</summary>
    public string Dir { get; }

    /// <summary>The run's prepare-stage record.</summary>
    internal Prepared Prepared { get; }

    /// <summary>The run's final predictions by model (ensembles and meta-labeled signals included).</summary>
    internal IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> Predictions { get; }

    internal IReadOnlyList<FoldData> Folds { get; }

    /// <summary>Deletes the run folder.</summary>
    public void Dispose()
    {
        if (Directory.Exists(Dir))
        {
            Directory.Delete(Dir, recursive: true);
        }

        GC.SuppressFinalize(this);
    }
}
