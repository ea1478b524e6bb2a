using System.Globalization;
using Kosmo.Experiment.Config;
using Kosmo.Models.Baselines;
using Kosmo.Models.Neural;
using Kosmo.Models.Tft;
using Kosmo.Models.Training;
using Kosmo.Core.IO;

namespace Kosmo.Experiment;

/// <summary>Builds the model runners of a run: the main model once per sweep trial, then every configured baseline.</summary>
internal static class ModelCatalog
{
    /// <summary>Model name of sweep trial k (the plain name without a sweep).</summary>
    public static string TrialName(IReadOnlyList<ExperimentConfig> trials, int k) =>
        trials.Count == 1 ? trials[0].Model.Name : $"{trials[k].Model.Name}_t{k}";

    /// <summary>Meta-learning variants and the plain model each is compared with (paired, in metrics.json).</summary>
    public static readonly IReadOnlyDictionary<string, string> VariantOf = new Dictionary<string, string>(StringComparer.Ordinal) { ["lstm_reptile"] = "lstm", ["lstm_fomaml"] = "lstm" };

    /// <summary>Runners of the main model (per trial) and the baselines, in that order.</summary>
    /// <param name="trials">The sweep trials (one without a sweep).</param>
    /// <param name="featureNames">The cube's K feature names: the zoo's wavelet and regime models take their column roles from them.</param>
    /// <param name="progress">Training progress sink (none when null).</param>
    /// <exception cref="Core.DataValidationException">A zoo model lacks the feature columns it needs (wavelets, regimes).</exception>
    public static IReadOnlyList<IModelRunner> Create(IReadOnlyList<ExperimentConfig> trials, IReadOnlyList<string> featureNames, IRunProgress? progress = null)
    {
        progress ??= NullProgress.Instance;
        ZooModels.Validate(trials.Select(t => t.Model.Name).Concat(trials[0].Baselines), featureNames);
        var lookback = trials[0].Features.Lookback;
        var runners = new List<IModelRunner>();
        for (var k = 0; k < trials.Count; k++)
        {
            runners.Add(Runner(TrialName(trials, k), trials[k].Model.Name, trials[k].Model, featureNames, lookback, trials[k].Threads, progress));
        }

        var shared = trials[0].Model;
        foreach (var name in trials[0].Baselines)
        {
            runners.Add(Runner(name, name, shared, featureNames, lookback, trials[0].Threads, progress));
        }

        return runners;
    }

    /// <summary>The runner of one model kind under the given run name: tabular, meta-learned or neural.</summary>
    private static IModelRunner Runner(string name, string kind, ModelConfig m, IReadOnlyList<string> featureNames, int lookback, int threads, IRunProgress progress) => kind switch
    {
        "logistic" => new TabularRunner(name, classes => new LogisticRegressionClassifier(name, new LogisticRegressionOptions(Threads: threads), classes)),
        "momentum_12_1" => new TabularRunner(name, classes => new MomentumRuleClassifier(name, "mom_12_1", classes: classes)),
        "momentum_20d" => new TabularRunner(name, classes => new MomentumRuleClassifier(name, "ret_20d", classes: classes)),
        "lightgbm" => new LightGbmRunner(name, m.Lightgbm),
        "lstm_reptile" => new MetaRunner(name, m),
        "lstm_fomaml" => new MetaRunner(name, m, Kosmo.Models.Meta.MetaAlgorithm.Fomaml),
        _ => Neural(name, kind, m, featureNames, lookback, progress),
    };

    private static NeuralRunner Neural(string name, string kind, ModelConfig m, IReadOnlyList<string> featureNames, int lookback, IRunProgress progress) =>
        new(name, m, input => kind switch
        {
            "tft_lite" => new TftLite(new TftLiteOptions(Reals: input.Features, StaticCardinalities: input.StaticCardinalities, StaticReals: 0, Hidden: m.Hidden, Heads: m.Heads, Classes: input.Classes, Dropout: (float)m.Dropout, Seed: input.Seed, Name: name)),
            "lstm" => new LstmClassifier(new LstmClassifierOptions(Features: input.Features, Hidden: m.Hidden, Dropout: (float)m.Dropout, Classes: input.Classes, Seed: input.Seed, Statics: Statics(input))),
            "transformer" => new TransformerClassifier(new TransformerOptions(Features: input.Features, ModelDim: m.Hidden, Heads: m.Heads, Layers: 2, FeedForwardDim: 2 * m.Hidden, Dropout: (float)m.Dropout, Classes: input.Classes, Seed: input.Seed, Statics: Statics(input))),
            "mlp" => new MlpClassifier(new MlpOptions(Features: input.Features, Hidden: m.Hidden, Layers: 2, Dropout: (float)m.Dropout, Classes: input.Classes, Seed: input.Seed, Statics: Statics(input))),
            _ when ZooModels.Names.Contains(kind) => ZooModels.Build(kind, name, input, featureNames, lookback),
            _ => throw new ArgumentException($"unknown model '{kind}'"),
        }, progress);

    private static StaticInputSpec Statics(NeuralInputs input) => new(input.StaticCardinalities);

    /// <summary>
    /// Gathers the per-fold interpretation and training logs into RUN/attention.csv, RUN/variable_importance.csv
    /// (sample-weighted means over folds: each fold's average weighted by its number of test windows) and
    /// RUN/training_log.csv. Only the run folder is read, so <c>kosmo explain</c> can rebuild them from the cells.
    /// </summary>
    public static void Explain(RunScope run, Action<string> status)
    {
        var foldsDir = RunLayout.Folds(run.TrialDir);
        if (!Directory.Exists(foldsDir))
        {
            return;
        }

        var logs = Directory.GetFiles(foldsDir, RunLayout.TrainingLogFile, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (logs.Count > 0)
        {
            var lines = logs.SelectMany(f => File.ReadLines(f).Skip(1)).ToList();
            WriteLines(RunLayout.TrainingLog(run.OutDir), TrainingLogCsv.Header, lines);
        }

        foreach (var (file, header, keyColumns) in new[] { (RunLayout.AttentionFile, "model,lag,weight", 2), (RunLayout.VariableImportanceFile, "model,kind,variable,weight", 3) })
        {
            var parts = Directory.GetFiles(foldsDir, file, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
            if (parts.Count == 0)
            {
                continue;
            }

            // Each fold file holds that fold's test-set mean; weight folds by their number of test predictions.
            var sums = new SortedDictionary<string, (double Sum, double Weight)>(StringComparer.Ordinal);
            foreach (var part in parts)
            {
                var predictions = RunLayout.Predictions(Path.GetDirectoryName(part)!);
                double n = File.Exists(predictions) ? Math.Max(1, File.ReadLines(predictions).Count() - 1) : 1;
                foreach (var line in File.ReadLines(part).Skip(1))
                {
                    var cut = line.LastIndexOf(',');
                    var key = line[..cut];
                    var value = double.Parse(line[(cut + 1)..], CultureInfo.InvariantCulture);
                    var (s, w) = sums.GetValueOrDefault(key);
                    sums[key] = (s + value * n, w + n);
                }
            }

            var rows = sums.Select(p => p.Key + "," + (p.Value.Sum / p.Value.Weight).ToString("R", CultureInfo.InvariantCulture)).ToList();
            if (file == RunLayout.AttentionFile)
            {
                rows = rows.OrderBy(r => r[..r.IndexOf(',')], StringComparer.Ordinal).ThenBy(r => int.Parse(r.Split(',')[1], CultureInfo.InvariantCulture)).ToList();
            }

            WriteLines(Path.Combine(run.OutDir, file), header, rows);
            status($"{file}: {rows.Count} rows from {parts.Count} folds");
        }
    }

    private static void WriteLines(string path, string header, IEnumerable<string> lines)
    {
        AtomicFile.WriteAllText(path, header + "\n" + string.Concat(lines.Select(l => l + "\n")));
    }

    private sealed class NullProgress : IRunProgress
    {
        public static readonly NullProgress Instance = new();

        public void BeginStep(string name)
        {
        }

        public void EndStep(string name, TimeSpan elapsed)
        {
        }

        public void Status(string message)
        {
        }

        public void Advance(int done, int total)
        {
        }

        public void Training(string model, int epoch, int epochs, double fraction, double loss, double samplesPerSecond)
        {
        }
    }
}
