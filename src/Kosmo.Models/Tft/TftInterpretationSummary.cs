namespace Kosmo.Models.Tft;

/// <summary>
/// Aggregates <see cref="TftInterpretation"/>s over a test set (call <see cref="Add"/> after each evaluation batch):
/// attention by lag, mean temporal variable-selection weight per feature, mean static weight per static variable.
/// Lag λ is q − k between the query day q and the key day k in the window: λ = 0 is the day itself, λ = 1 the
/// previous trading day. "Last row" uses only the forecast query (q = L − 1, the row the head reads) — this is what
/// RUN/attention.csv holds; "all rows" averages a[q, q − λ] over every query q ≥ λ.
/// </summary>
public sealed class TftInterpretationSummary
{
    private double[] _lastRow = [];
    private double[] _allRows = [];
    private long[] _allRowsCount = [];
    private readonly double[] _temporal;
    private readonly double[] _static;
    private long _samples;
    private long _days;
    private bool _lastRowOnly;

    /// <summary>Creates an empty summary for K temporal and n static variables.</summary>
    public TftInterpretationSummary(int reals, int statics)
    {
        _temporal = new double[reals];
        _static = new double[statics];
    }

    /// <summary>Samples added so far.</summary>
    public long Samples => _samples;

    /// <summary>Adds one batch's interpretation.</summary>
    /// <exception cref="ArgumentException">K, n or L differ from earlier batches.</exception>
    public void Add(TftInterpretation interpretation)
    {
        ArgumentNullException.ThrowIfNull(interpretation);
        int b = interpretation.Batch, l = interpretation.Lookback, k = _temporal.Length, n = _static.Length;
        if (interpretation.Reals != k || interpretation.Statics != n || (_lastRow.Length != 0 && _lastRow.Length != l))
        {
            throw new ArgumentException("TftInterpretationSummary: batch shape differs from earlier batches.", nameof(interpretation));
        }

        if (_lastRow.Length == 0)
        {
            _lastRow = new double[l];
            _allRows = new double[l];
            _allRowsCount = new long[l];
        }

        var a = interpretation.Attention;
        var t = interpretation.TemporalWeights;
        var s = interpretation.StaticWeights;
        var rowsHeld = interpretation.QueryRows;
        _lastRowOnly |= rowsHeld == 1 && l > 1;
        for (var i = 0; i < b; i++)
        {
            for (var q = 0; q < l; q++)
            {
                if (rowsHeld == l || q == l - 1)
                {
                    var row = a.Slice(((i * rowsHeld) + (rowsHeld == l ? q : 0)) * l, l);
                    for (var lag = 0; lag <= q; lag++)
                    {
                        _allRows[lag] += row[q - lag];
                        _allRowsCount[lag]++;
                        if (q == l - 1)
                        {
                            _lastRow[lag] += row[q - lag];
                        }
                    }
                }

                for (var j = 0; j < k; j++)
                {
                    _temporal[j] += t[(((i * l) + q) * k) + j];
                }
            }

            for (var j = 0; j < n; j++)
            {
                _static[j] += s[(i * n) + j];
            }
        }

        _samples += b;
        _days += (long)b * l;
    }

    /// <summary>Mean attention weight by lag (index = lag, 0 .. L − 1).</summary>
    /// <param name="lastRowOnly">True: from the forecast query only (sums to 1 over lags); false: all query rows.</param>
    /// <exception cref="InvalidOperationException">All rows were asked for but some batch held the forecast row only
    /// (<see cref="TftLite.ForwardLastStep"/>).</exception>
    public double[] AttentionByLag(bool lastRowOnly = true) =>
        !lastRowOnly && _lastRowOnly
            ? throw new InvalidOperationException("TftInterpretationSummary: some batches held only the forecast query's attention row (TftLite.ForwardLastStep); the all-rows average needs full forwards.")
            : lastRowOnly
            ? _lastRow.Select(v => _samples == 0 ? 0 : v / _samples).ToArray()
            : _allRows.Select((v, i) => _allRowsCount[i] == 0 ? 0 : v / _allRowsCount[i]).ToArray();

    /// <summary>Mean temporal variable-selection weight per feature over all samples and days (sums to 1). // (K)</summary>
    public double[] TemporalImportance() => _temporal.Select(v => _days == 0 ? 0 : v / _days).ToArray();

    /// <summary>Mean static variable-selection weight per static variable (S categoricals then R reals; sums to 1). // (n)</summary>
    public double[] StaticImportance() => _static.Select(v => _samples == 0 ? 0 : v / _samples).ToArray();
}
