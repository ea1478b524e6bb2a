using Kosmo.Core.IO;
using Kosmo.Experiment.Config;
using Kosmo.Experiment;
using Kosmo.Experiment.Live;
using Kosmo.Core;
using Kosmo.Features;
using Kosmo.Features.Labels;
using Kosmo.Features.Statics;
using Kosmo.Models.Abstractions;

namespace Kosmo.Experiment.Export;

/// <summary>
/// The trained model a <c>kosmo export</c> reads, chosen as <c>kosmo predict</c> chooses it: the model set named by
/// <c>--set</c>, else the run's current set (<c>kosmo fit</c>), else the last finished walk-forward fold; with the
/// processors that built its features (the set's own, else the run's).
/// </summary>
/// <param name="Config">The run's resolved config.</param>
/// <param name="Runner">The model's runner (its kind: window, lightgbm, tabular).</param>
/// <param name="File">The weight file (checkpoint.bin, lightgbm_model.txt, model.json), checksum verified for a set.</param>
/// <param name="Seed">The seed the model was built with (the cell seed of a fold; 0 for a set).</param>
/// <param name="Origin">For people and the metadata: "model set ID (fit until D)" or "walk-forward fold N".</param>
/// <param name="Processors">Feature names and fitted market scaling.</param>
internal sealed record ExportSource(ExperimentConfig Config, IModelRunner Runner, string File, int Seed, string Origin, RunProcessors Processors)
{
    /// <summary>Locates the model of a run folder.</summary>
    /// <exception cref="NoDataException">No run folder, config, processors, model set, or saved model (exit 4).</exception>
    /// <exception cref="UsageException">The run has no model of that name (exit 2).</exception>
    /// <exception cref="DataValidationException">A model file fails its checksum, or a manifest is unreadable (exit 3).</exception>
    public static ExportSource Find(string runDir, string model, string? setId)
    {
        var configPath = RunLayout.Config(runDir);
        if (!System.IO.File.Exists(configPath))
        {
            throw new NoDataException($"{configPath} not found: is '{runDir}' a run folder?");
        }

        var config = ExperimentConfig.Load(configPath)[0];
        ModelSet? set;
        if (setId is not null)
        {
            if (setId.Length == 0 || setId.IndexOfAny(['/', '\\']) >= 0 || setId is "." or "..")
            {
                throw new UsageException($"--set '{setId}': a model-set id is a folder name under {ModelSet.Root(runDir)}");
            }

            var manifest = RunLayout.Manifest(RunLayout.ModelSet(runDir, setId));
            set = System.IO.File.Exists(manifest) ? ModelSet.Read(manifest)
                : throw new NoDataException($"model set '{setId}' not found: {manifest} does not exist (sets: {string.Join(", ", Sets(runDir))})");
        }
        else
        {
            set = ModelSet.Current(runDir);
        }

        var processorsPath = set is not null && System.IO.File.Exists(RunLayout.Processors(set.Dir))
            ? RunLayout.Processors(set.Dir) : RunLayout.Processors(runDir);
        if (!System.IO.File.Exists(processorsPath))
        {
            throw new NoDataException($"{processorsPath} not found: run 'kosmo predict --run {runDir}' once (it recovers the run's processors) or 'kosmo fit --run {runDir}'");
        }

        var processors = RunProcessors.Read(processorsPath);
        var runners = ModelCatalog.Create([config], processors.FeatureNames);
        var runner = runners.FirstOrDefault(r => r.Name == model)
            ?? throw new UsageException($"--model {model}: the run has no such model (its models: {string.Join(", ", runners.Select(r => r.Name))})");
        if (set is not null)
        {
            var entry = set.Find(model) ?? throw new NoDataException($"model set {set.Id} has no '{model}' (fitted: {string.Join(", ", set.Models.Select(m => m.Name))}); rerun 'kosmo fit'");
            return new ExportSource(config, runner, set.Verified(entry), 0, $"model set {set.Id} (kosmo fit until {set.Until:yyyy-MM-dd})", processors);
        }

        var fold = LiveModels.LastFold(runDir, model);
        if (runner is TabularRunner || fold < 0)
        {
            throw new NoDataException($"'{model}' has no saved model in {runDir}: run 'kosmo fit --run {runDir}' first");
        }

        var file = Path.Combine(FoldExecutor.CellDir(RunScope.TrialDirOf(runDir, 0), model, fold), runner is LightGbmRunner ? RunLayout.LightGbmModelFile : RunLayout.CheckpointFile);
        return System.IO.File.Exists(file)
            ? new ExportSource(config, runner, file, FoldExecutor.CellSeed(config.Seed, model, fold), $"walk-forward fold {fold}", processors)
            : throw new NoDataException($"no trained model at {file}: run 'kosmo fit --run {runDir}' or finish 'kosmo run' first");
    }

    /// <summary>
    /// The window model with the saved weights. A network's shape needs only K, the static vocabularies and C, so it is
    /// built on an empty prepared record (no data is loaded).
    /// </summary>
    /// <exception cref="DataValidationException">The checkpoint lacks a parameter of the network.</exception>
    public ISequenceClassifier LoadNetwork(NeuralRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var panel = new PanelBuilder().Build();
        var shape = new Prepared
        {
            Config = Config,
            Panel = panel,
            Cube = new FeatureCube([], [], Processors.FeatureNames),
            Labels = new LabelSet("export", [], [], Config.Labels.Classes, 1),
            Statics = StaticAttributes.Build(panel),
        };
        var net = runner.Build(shape, Seed);
        LiveModels.LoadWeights(net, File);
        return net;
    }

    private static string[] Sets(string runDir) =>
        Directory.Exists(ModelSet.Root(runDir)) ? [.. Directory.GetDirectories(ModelSet.Root(runDir)).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal)] : Array.Empty<string>();
}
