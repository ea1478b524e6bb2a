using Kosmo.Experiment.Config;
using Kosmo.Experiment;
using Kosmo.Features.Splits;

namespace Kosmo.Cli.Tests.Pipeline;

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
        Context = new ExperimentRunner(trials, Dir, new RunOptions(false, null, false), new SilentProgress()).Run(CancellationToken.None);
        var c = trials[0];
        Folds = Context.Splits.Select((s, k) => FoldBuilder.Build(Context.Samples, s, k, c.Split.ValidationFraction, c.Model.MaxTrainSamples, c.Seed + k)).ToList();
    }

    /// <summary>The run folder.</summary>
    public string Dir { get; }

    internal RunContext Context { get; }

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
