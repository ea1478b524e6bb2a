using System.Text.Json;
using Kosmo.Features.Weights;

namespace Kosmo.Features.Labels;

/// <summary>
/// What `kosmo labels` reports: class balance per year, why cells are unlabelled, and the average uniqueness.
/// Shares of unlabelled cells are over the "listed" cells (every status except <see cref="LabelStatus.NotListed"/>).
/// </summary>
/// <param name="Method">Label method and parameters.</param>
/// <param name="ClassCount">Number of classes.</param>
/// <param name="Labeled">Labelled cells.</param>
/// <param name="ListedCells">Cells whose stock had a close on t and a later trading day (or whose window ran past the data).</param>
/// <param name="ClassBalance">Share of each class over all labels.</param>
/// <param name="ByYear">Year -> label counts per class.</param>
/// <param name="StatusShares">Status name -> share of listed cells.</param>
/// <param name="MeanUniqueness">Mean average uniqueness of the labels (NaN when not computed).</param>
public sealed record LabelSummary(
    string Method,
    int ClassCount,
    long Labeled,
    long ListedCells,
    double[] ClassBalance,
    SortedDictionary<int, long[]> ByYear,
    SortedDictionary<string, double> StatusShares,
    double MeanUniqueness)
{
    private static readonly JsonSerializerOptions _json = new() { WriteIndented = true };

    /// <summary>Summarises a label set (and its weights, when given).</summary>
    public static LabelSummary Create(LabelSet labels, LabelWeightSet? weights)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var status = labels.StatusCounts();
        var listed = status.Sum() - status[(int)LabelStatus.NotListed];
        var shares = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var s in Enum.GetValues<LabelStatus>())
        {
            if (s != LabelStatus.NotListed && status[(int)s] > 0)
            {
                shares[s.ToString()] = listed == 0 ? 0 : (double)status[(int)s] / listed;
            }
        }

        var counts = labels.ClassCounts();
        var total = counts.Sum();
        return new LabelSummary(
            labels.Method,
            labels.ClassCount,
            total,
            listed,
            counts.Select(c => total == 0 ? 0 : (double)c / total).ToArray(),
            labels.ClassCountsByYear(),
            shares,
            weights?.MeanUniqueness ?? double.NaN);
    }

    /// <summary>Indented JSON (NaN written as null).</summary>
    public string ToJson()
    {
        var doc = new Dictionary<string, object?>
        {
            ["method"] = Method,
            ["class_count"] = ClassCount,
            ["labeled"] = Labeled,
            ["listed_cells"] = ListedCells,
            ["class_balance"] = ClassBalance,
            ["by_year"] = ByYear.ToDictionary(kv => kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value),
            ["status_shares"] = StatusShares,
            ["mean_uniqueness"] = double.IsNaN(MeanUniqueness) ? null : MeanUniqueness,
        };
        return JsonSerializer.Serialize(doc, _json);
    }
}
