using System.Collections.ObjectModel;
using Kosmo.Core.IO;
using Kosmo.Models.RunFolder;

namespace Kosmo.Experiment;

/// <summary>
/// Test predictions by model name as one stage hands them to the next (train → evaluate → meta → backtest): a
/// read-only dictionary of read-only row lists, in the order the models were added (the row order of
/// RUN/predictions.csv). A later stage that adds models (the ensembles, the meta-labeled signals) builds a new one with
/// <see cref="With"/>; nothing writes into the one it received.
/// </summary>
internal static class ModelPredictions
{
    /// <summary>An empty set.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> Empty { get; } =
        new ReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>>(new Dictionary<string, IReadOnlyList<PredictionRecord>>(StringComparer.Ordinal));

    /// <summary>Read-only views of <paramref name="byModel"/>'s lists, in its order (the lists are wrapped, not copied: the producer lets go of them).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> Of(IEnumerable<KeyValuePair<string, List<PredictionRecord>>> byModel) =>
        Build(byModel.Select(p => KeyValuePair.Create(p.Key, (IReadOnlyList<PredictionRecord>)p.Value)));

    /// <summary>
    /// <paramref name="first"/> with <paramref name="added"/>: a model already in <paramref name="first"/> keeps its
    /// place and takes the added rows, a new one comes after (as a dictionary's indexer orders them).
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> With(
        IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> first, IEnumerable<KeyValuePair<string, IReadOnlyList<PredictionRecord>>> added) =>
        Build(first.Concat(added));

    private static ReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> Build(IEnumerable<KeyValuePair<string, IReadOnlyList<PredictionRecord>>> pairs)
    {
        var d = new Dictionary<string, IReadOnlyList<PredictionRecord>>(StringComparer.Ordinal);
        foreach (var (model, rows) in pairs)
        {
            d[model] = rows is ReadOnlyCollection<PredictionRecord> ? rows : new ReadOnlyCollection<PredictionRecord>(rows as IList<PredictionRecord> ?? rows.ToList());
        }

        return new ReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>>(d);
    }
}
