using System.Globalization;
using Kosmo.Core.IO;
using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Models.Baselines;
using Kosmo.Models.Boosting;
using Kosmo.Models.Training;
using Kosmo.Tensors;

namespace Kosmo.Experiment.Live;

/// <summary>Where a prediction's model came from and the last date whose data trained it.</summary>
/// <param name="Description">For people: "model set ID (fit until D)" or "walk-forward fold N".</param>
/// <param name="TrainedThrough">The last date any training label reaches: a signal date before it is in sample (its forward
/// return overlaps labels the model was trained on); a signal on or after it predicts returns the model never saw.</param>
internal sealed record ModelOrigin(string Description, DateOnly TrainedThrough);

/// <summary>
/// Applies one of a run's models to the universe members of one date of a prepared window context: the current
/// model set of <c>kosmo fit</c> when there is one (every model kind, checksums verified), else the run's last
/// walk-forward fold (window models and lightgbm, which save their weights per cell; logistic regression and the
/// momentum rules need <c>kosmo fit</c>). Window models see the members' L-day windows, the tabular models their
/// last-day feature rows (lightgbm with the 5- and 20-day changes), as in the run.
/// </summary>
internal static class LiveModels
{
    /// <summary>(members × 3) probabilities in class order down, flat, up, and the model's origin.</summary>
    /// <exception cref="UsageException">The run has no such model.</exception>
    /// <exception cref="NoDataException">The model has no saved weights.</exception>
    /// <exception cref="Kosmo.Core.DataValidationException">A model file fails its checksum or cannot be read.</exception>
    public static (float[] P, ModelOrigin Origin) Predict(string runDir, Prepared prepared, ModelSet? set, string model, int t, IReadOnlyList<int> members, Action<string> status)
    {
        var runners = ModelCatalog.Create([prepared.Config], prepared.Cube.Names);
        var runner = runners.FirstOrDefault(r => r.Name == model)
            ?? throw new UsageException($"--model {model}: the run has no such model (its models: {string.Join(", ", runners.Select(r => r.Name))})");
        if (set is not null)
        {
            var entry = set.Find(model) ?? throw new NoDataException($"model set {set.Id} has no '{model}' (fitted: {string.Join(", ", set.Models.Select(m => m.Name))}); rerun 'kosmo fit'");
            var file = set.Verified(entry);
            status($"{model}: model set {set.Id} (fitted on samples up to {set.Until:yyyy-MM-dd}, labels to {set.LabelsEnd:yyyy-MM-dd}; {entry.Detail})");
            var origin = new ModelOrigin($"model set {set.Id} (kosmo fit until {set.Until:yyyy-MM-dd})", set.LabelsEnd);
            return (Apply(prepared, runner, file, 0, t, members), origin);
        }

        var fold = LastFold(runDir, model);
        if (runner is TabularRunner || fold < 0)
        {
            throw new NoDataException($"'{model}' has no saved model in {runDir}: run 'kosmo fit --run {runDir}' first");
        }

        var dir = FoldExecutor.CellDir(RunScope.TrialDirOf(runDir, 0), model, fold);
        var weights = Path.Combine(dir, runner is LightGbmRunner ? RunLayout.LightGbmModelFile : RunLayout.CheckpointFile);
        if (!File.Exists(weights))
        {
            throw new NoDataException($"no trained model at {weights}: run 'kosmo fit --run {runDir}' or finish 'kosmo run' first");
        }

        var firstTest = FirstTestDate(dir);
        status($"{model}: walk-forward fold {fold} (no model set: 'kosmo fit' refits on all data), test period from {firstTest:yyyy-MM-dd}");
        return (Apply(prepared, runner, weights, FoldExecutor.CellSeed(prepared.Config.Seed, model, fold), t, members), new ModelOrigin($"walk-forward fold {fold}", firstTest.AddDays(-1)));
    }

    /// <summary>The highest fold index with a finished cell of the model, or −1.</summary>
    public static int LastFold(string runDir, string model)
    {
        var root = RunLayout.ModelCells(RunLayout.Trial(runDir, 0), model);
        if (!Directory.Exists(root))
        {
            return -1;
        }

        return Directory.GetDirectories(root, RunLayout.FoldPrefix + "*").Where(d => File.Exists(RunLayout.Done(d)))
            .Select(d => int.TryParse(Path.GetFileName(d)[RunLayout.FoldPrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var k) ? k : -1).DefaultIfEmpty(-1).Max();
    }

    private static DateOnly FirstTestDate(string cellDir)
    {
        var file = RunLayout.Predictions(cellDir);
        var line = File.Exists(file) ? File.ReadLines(file).Skip(1).FirstOrDefault() : null;
        return line is null ? DateOnly.MaxValue : DateOnly.ParseExact(line[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static float[] Apply(Prepared prepared, IModelRunner runner, string file, int seed, int t, IReadOnlyList<int> members) => runner switch
    {
        NeuralRunner n => Window(prepared, n, file, seed, t, members),
        LightGbmRunner g => Trees(prepared, g, file, t, members),
        TabularRunner => Rows(prepared, file, t, members),
        _ => throw new UsageException($"--model {runner.Name}: meta-learned models are not supported by predict and fit yet"),
    };

    private static float[] Window(Prepared prepared, NeuralRunner runner, string checkpoint, int seed, int t, IReadOnlyList<int> members)
    {
        var net = runner.Build(prepared, seed);
        LoadWeights(net, checkpoint);
        var options = new DatasetOptions(prepared.Config.Features.Lookback, 256, 0.5, false, Shuffle: false, Seed: 0, RequireLabels: false);
        var data = new WindowDataset(prepared.Cube, prepared.Labels, [.. members.Select(i => (t, i))], null, NeuralRunner.StaticInputsOf(prepared), options);
        var at = members.Select((code, r) => (code, r)).ToDictionary(p => p.code, p => p.r);
        var result = new float[members.Count * 3];
        Array.Fill(result, float.NaN);
        using (NoGrad.Scope())
        {
            foreach (var batch in data.Batches(0, data.CreateBatch()))
            {
                using var arena = TensorArena.Scope();
                var probs = Ops.Softmax(net.Forward(batch, training: false, new Random(0))).ToArray();
                for (var r = 0; r < batch.Count; r++)
                {
                    probs.AsSpan(r * 3, 3).CopyTo(result.AsSpan(at[batch.CodeIndex[r]] * 3, 3));
                }
            }
        }

        return result;
    }

    /// <summary>Copies a checkpoint's best-epoch weights (else its last) into a freshly built network.</summary>
    /// <exception cref="Kosmo.Core.DataValidationException">The checkpoint lacks a parameter of the network.</exception>
    public static void LoadWeights(ISequenceClassifier net, string checkpoint)
    {
        var tensors = TrainingCheckpoint.Load(checkpoint).Tensors.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var p in net.Parameters)
        {
            var source = tensors.GetValueOrDefault("best/" + p.Name) ?? tensors.GetValueOrDefault("param/" + p.Name)
                ?? throw new Kosmo.Core.DataValidationException(checkpoint, 0, p.Name, "the checkpoint has no weights for this parameter (another model or config?)");
            source.AsSpan().CopyTo(p.Data);
        }
    }

    private static float[] Trees(Prepared prepared, LightGbmRunner runner, string file, int t, IReadOnlyList<int> members)
    {
        var lags = LagChangeFeatures.DefaultLags;
        var names = LagChangeFeatures.Names(prepared.Cube.Names, lags);
        var model = LightGbmClassifier.Load(runner.Name, File.ReadAllText(file), names, runner.Options(prepared, 0));
        var F = names.Length;
        var x = new float[members.Count * F];
        for (var r = 0; r < members.Count; r++)
        {
            LagChangeFeatures.Fill(prepared.Cube, members[r], t, lags, x.AsSpan(r * F, F));
        }

        return model.PredictProba(Set(prepared, names, x, t, members));
    }

    private static float[] Rows(Prepared prepared, string file, int t, IReadOnlyList<int> members)
    {
        var json = File.ReadAllText(file);
        IClassifier model;
        try
        {
            model = json.Contains("\"momentum_rule\"", StringComparison.Ordinal) ? MomentumRuleClassifier.Load(json) : LogisticRegressionClassifier.Load(json);
        }
        catch (FormatException e)
        {
            throw new Kosmo.Core.DataValidationException(file, 0, "model", e.Message);
        }

        var K = prepared.Cube.FeatureCount;
        var x = new float[members.Count * K];
        for (var r = 0; r < members.Count; r++)
        {
            prepared.Cube.Values.AsSpan((int)prepared.Cube.Offset(members[r], t), K).CopyTo(x.AsSpan(r * K, K));
        }

        return model.PredictProba(Set(prepared, prepared.Cube.Names, x, t, members));
    }

    private static TabularSet Set(Prepared prepared, string[] names, float[] x, int t, IReadOnlyList<int> members) =>
        new(names, x, Enumerable.Repeat(-1, members.Count).ToArray(), new float[members.Count], [.. members.Select(_ => prepared.Panel.Dates[t])], [.. members.Select(m => prepared.Panel.Codes[m])]);
}
