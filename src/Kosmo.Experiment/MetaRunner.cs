using System.Globalization;
using Kosmo.Core.IO;
using Kosmo.Features.Dataset;
using Kosmo.Models.Meta;
using Kosmo.Models.Neural;
using Kosmo.Models.RunFolder;
using Kosmo.Features.Splits;

namespace Kosmo.Experiment;

/// <summary>
/// The meta-learning variants <c>lstm_reptile</c> and <c>lstm_fomaml</c>: the same LSTM as the <c>lstm</c> baseline,
/// meta-trained with Reptile or first-order MAML
/// over monthly tasks built exactly like the test-time adaptation (<see cref="Tasks"/>: query = one month of the fold's
/// training and validation samples, support = the labelled window before that month), then, for each test month, adapted
/// on the most recent labelled window before that month and used to predict it (weights restored after each month).
/// (<see cref="MetaTaskBuilder.ByMonth"/> — support = the first half of a month's own dates, purged by label end — leaves no
/// support at all once the label horizon reaches half a month, e.g. the default 20 days.) The support window is
/// the latest <see cref="SupportDays"/> sample dates whose labels have ended (T1) before the month's first date, so the
/// adaptation never reads a label unknown at prediction time; it may include earlier months of the same test year
/// (online adaptation), which is what a trader could do.
/// </summary>
internal sealed class MetaRunner(string name, Config.ModelConfig model, MetaAlgorithm algorithm = MetaAlgorithm.Reptile) : IModelRunner
{
    /// <summary>Number of distinct sample dates in a test-time support window.</summary>
    public const int SupportDays = 21;

    /// <summary>Most support samples per adaptation (the latest ones).</summary>
    public const int MaxSupport = 512;

    /// <summary>Most support samples per meta-training task (the latest ones): fewer than at test time, to bound the cost of the outer loop.</summary>
    public const int MaxTaskSupport = 128;

    /// <summary>Inner loop of meta-training and of test-time adaptation: 5 Adam steps at 10 × the configured learning rate.</summary>
    private AdaptationOptions Inner => new(Steps: 5, LearningRate: 10 * model.LearningRate, Optimizer: InnerOptimizer.Adam, MaxGradNorm: model.ClipNorm);

    public string Name => name;

    public IReadOnlyList<PredictionRecord> Run(Prepared prepared, FoldData fold, string cellDir, Action<string> status, CancellationToken cancel)
    {
        var statics = Statics(prepared);
        var options = new DatasetOptions(prepared.Config.Features.Lookback, MaxSupport, 0.5, false, true, fold.Seed);
        var tasks = Tasks(prepared, fold, statics, options);
        if (tasks.Count == 0 || fold.Test.Length == 0)
        {
            status($"{name} fold {fold.Name}: no monthly task ({tasks.Count}) or no test sample; skipped");
            return [];
        }

        var cards = NeuralRunner.StaticNames.Select(n => prepared.Statics.Cardinalities[n]).ToArray();
        var net = new LstmClassifier(new LstmClassifierOptions(Features: prepared.Cube.FeatureCount, Hidden: model.Hidden, Dropout: (float)model.Dropout, Classes: prepared.Labels.ClassCount, Seed: fold.Seed, Statics: new StaticInputSpec(cards)));
        var C = net.Classes;
        var tasksPerStep = Math.Min(4, tasks.Count);
        var outerSteps = Math.Max(10, model.Epochs * tasks.Count / tasksPerStep);
        // Reptile interpolates towards the adapted weights (ε = 0.5, annealed); first-order MAML applies the query-loss
        // gradient at the adapted weights with Adam at the configured learning rate.
        var outer = algorithm == MetaAlgorithm.Reptile
            ? new MetaLearningOptions(MetaAlgorithm.Reptile, Inner, outerSteps, tasksPerStep, OuterLearningRate: 0.5, AnnealReptile: true, Seed: fold.Seed)
            : new MetaLearningOptions(MetaAlgorithm.Fomaml, Inner, outerSteps, tasksPerStep, OuterLearningRate: model.LearningRate, Seed: fold.Seed);
        var report = MetaLearner.Train(net, tasks, outer);
        status($"{name} fold {fold.Name}: {algorithm} over {tasks.Count} monthly tasks, {outerSteps} outer steps, last query loss {report.QueryLoss[^1]:F4}");
        cancel.ThrowIfCancellationRequested();

        var rows = new List<PredictionRecord>(fold.Test.Length);
        var months = fold.Test.GroupBy(j => prepared.Samples.Dates[prepared.Samples.Start[j]].ToString("yyyy-MM", CultureInfo.InvariantCulture)).OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var month in months)
        {
            cancel.ThrowIfCancellationRequested();
            var query = new WindowDataset(prepared.Cube, prepared.Labels, prepared.Samples.Select([.. month]), null, statics, options with { Shuffle = false });
            if (query.Count == 0)
            {
                continue;
            }

            var support = new WindowDataset(prepared.Cube, prepared.Labels, prepared.Samples.Select(SupportWindow(prepared, prepared.Samples.Start[month.Min()])), prepared.Weights, statics, options with { Shuffle = false });
            var probs = support.Count > 0 ? MetaLearner.PredictAdapted(net, support, query, Inner, fold.Seed) : MetaLearner.Predict(net, query);
            for (var r = 0; r < query.Count; r++)
            {
                var (t, i) = query.Sample(r);
                rows.Add(C == 3
                    ? new PredictionRecord(prepared.Panel.Dates[t], prepared.Panel.Codes[i], name, probs[3 * r], probs[(3 * r) + 1], probs[(3 * r) + 2])
                    : PredictionRecord.FromClasses(prepared.Panel.Dates[t], prepared.Panel.Codes[i], name, probs.AsSpan(C * r, C)));
            }
        }

        return [.. rows.OrderBy(r => r.Date).ThenBy(r => r.Code, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Meta-training tasks of a fold, one per calendar month of its training and validation samples, built as the
    /// test-time adaptation is: query = that month's samples, support = <see cref="SupportWindow"/> before the month's
    /// first date (at most <see cref="MaxTaskSupport"/> samples, every label ended before the month starts). Months
    /// without a labelled support window are left out. No sample of the fold's test period can enter: every month
    /// lies in the training range and its support ends before it. Under purged_kfold and cpcv a training month may follow
    /// a test block, so its support is restricted to the split's (purged, embargoed) training samples.
    /// </summary>
    internal static IReadOnlyList<MetaTask> Tasks(Prepared prepared, FoldData fold, StaticInputs statics, DatasetOptions options)
    {
        var s = prepared.Samples;
        var training = prepared.Config.Split.IsCrossValidation ? prepared.Splits[fold.Index].Train.ToHashSet() : null;
        var tasks = new List<MetaTask>();
        var months = fold.Train.Concat(fold.Validation)
            .GroupBy(j => s.Dates[s.Start[j]].ToString("yyyy-MM", CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var month in months)
        {
            var support = SupportWindow(prepared, month.Min(j => s.Start[j]), MaxTaskSupport, training);
            if (support.Length == 0)
            {
                continue;
            }

            var supportSet = new WindowDataset(prepared.Cube, prepared.Labels, s.Select(support), prepared.Weights, statics, options);
            var querySet = new WindowDataset(prepared.Cube, prepared.Labels, s.Select([.. month.Order()]), prepared.Weights, statics, options with { Shuffle = false });
            if (supportSet.Count > 0 && querySet.Count > 0)
            {
                tasks.Add(new MetaTask(month.Key, supportSet, querySet));
            }
        }

        return tasks;
    }

    /// <summary>
    /// Sample indices of the support window before date index <paramref name="first"/>: samples whose label ended before
    /// <paramref name="first"/> (End &lt; first), from their latest <see cref="SupportDays"/> distinct dates, at most
    /// <paramref name="maxSupport"/> (the latest), only those in <paramref name="allowed"/> when given. Samples are sorted by
    /// date, so the scan walks back from <paramref name="first"/>.
    /// </summary>
    public static int[] SupportWindow(Prepared prepared, int first, int maxSupport = MaxSupport, IReadOnlySet<int>? allowed = null)
    {
        var s = prepared.Samples;
        var chosen = new List<int>();
        var dates = new HashSet<int>();
        var j = Array.BinarySearch(s.Start, first);
        j = j < 0 ? ~j : j;
        while (j > 0 && s.Start[j - 1] >= first)
        {
            j--;
        }

        for (var k = j - 1; k >= 0 && chosen.Count < maxSupport && first - s.Start[k] <= 252; k--)
        {
            if (s.End[k] >= first || (allowed is not null && !allowed.Contains(k)))
            {
                continue;
            }

            if (!dates.Contains(s.Start[k]) && dates.Count == SupportDays)
            {
                break;
            }

            dates.Add(s.Start[k]);
            chosen.Add(k);
        }

        chosen.Reverse();
        return [.. chosen];
    }

    private static StaticInputs Statics(Prepared prepared)
    {
        var n = prepared.Panel.CodeCount;
        var cat = new int[n * 2];
        for (var i = 0; i < n; i++)
        {
            cat[i * 2] = prepared.Statics.Market[i];
            cat[(i * 2) + 1] = prepared.Statics.Dept[i];
        }

        return new StaticInputs(n, cat, 2, [], 0).WithDatedCategory(0, prepared.Statics.MarketChanges);
    }
}
