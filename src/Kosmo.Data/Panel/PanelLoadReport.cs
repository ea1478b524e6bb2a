using Kosmo.Data.Adjustment;

namespace Kosmo.Data.Panel;

/// <summary>
/// How <see cref="PanelLoader"/> built a panel: rows read and used per source, overlapping (code, date) cells
/// between sources, conflicts (closes differ by more than the tolerance), corporate actions detected in raw sources,
/// and how the adjusted-close chain was linked.
/// </summary>
public sealed class PanelLoadReport
{
    /// <summary>The sources seen in the database, by name.</summary>
    public Dictionary<string, SourceDescriptor> Sources { get; } = new(StringComparer.Ordinal);

    /// <summary>Rows read from each source (inside the date range and market set).</summary>
    public Dictionary<string, long> RowsRead { get; } = new(StringComparer.Ordinal);

    /// <summary>Sources not scanned because every stock file imported from them lies outside the requested dates.</summary>
    public List<string> SourcesOutsideRange { get; } = [];

    /// <summary>Rows of each source that won their (code, date) cell and are in the panel.</summary>
    public Dictionary<string, long> RowsUsed { get; } = new(StringComparer.Ordinal);

    /// <summary>Cells held by two sources, keyed "winner&gt;loser".</summary>
    public Dictionary<string, long> Overlaps { get; } = new(StringComparer.Ordinal);

    /// <summary>Overlapping cells whose closes differ by more than the conflict tolerance, keyed "winner&gt;loser".
    /// A raw source against a back-adjusted one differs legitimately wherever a later split happened.</summary>
    public Dictionary<string, long> Conflicts { get; } = new(StringComparer.Ordinal);

    /// <summary>Up to 20 conflict examples: code, date, winner close, loser close.</summary>
    public List<string> ConflictExamples { get; } = [];

    /// <summary>Corporate actions detected in raw sources (reported change disagrees with close / previous close).</summary>
    public List<AdjustmentEvent> CorporateActions { get; } = [];

    /// <summary>Dates on which so many raw rows disagreed with their reported change that the source must be missing the
    /// previous trading day (e.g. marcap lacks 2021-01-22); no corporate action is derived on them.</summary>
    public List<DateOnly> SuspectGapDates { get; } = [];

    /// <summary>Adjusted-close links (t' → t) taken within one source that has both days.</summary>
    public long LinksWithinSource { get; set; }

    /// <summary>Links taken from the winning row's reported change ratio because no source had both days.</summary>
    public long LinksFromReportedChange { get; set; }

    /// <summary>Links across two different sources with no shared day (the price ratio of two possibly different bases).</summary>
    public long LinksUnverified { get; set; }

    /// <summary>Trading dates T, codes N, and the dates dropped because no bar had volume &gt; 0 (e.g. Yahoo holiday rows).</summary>
    public int DateCount { get; set; }

    /// <summary>Number of codes N in the panel.</summary>
    public int CodeCount { get; set; }

    /// <summary>Distinct bar dates that were not trading days (no bar with volume &gt; 0) and were dropped.</summary>
    public int NonTradingDatesDropped { get; set; }

    /// <summary>Seconds spent streaming rows from SQLite.</summary>
    public double ReadSeconds { get; set; }

    /// <summary>Seconds spent filling the panel (precedence, adjusted-close links).</summary>
    public double AssembleSeconds { get; set; }

    /// <summary>A multi-line human-readable summary.</summary>
    public override string ToString()
    {
        var lines = new List<string> { $"panel: {DateCount} dates x {CodeCount} codes ({NonTradingDatesDropped} non-trading bar dates dropped)" };
        foreach (var (name, read) in RowsRead.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            lines.Add($"  {name}: read {read:N0}, used {RowsUsed.GetValueOrDefault(name):N0}");
        }

        foreach (var (pair, n) in Overlaps.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            lines.Add($"  overlap {pair}: {n:N0} cells, {Conflicts.GetValueOrDefault(pair):N0} conflicts");
        }

        lines.Add($"  adj-close links: {LinksWithinSource:N0} within a source, {LinksFromReportedChange:N0} from reported change, {LinksUnverified:N0} unverified");
        lines.Add($"  corporate actions: {CorporateActions.Count:N0}; suspect gap dates: {string.Join(", ", SuspectGapDates.Select(d => d.ToString("yyyy-MM-dd")))}");
        return string.Join(Environment.NewLine, lines);
    }
}
