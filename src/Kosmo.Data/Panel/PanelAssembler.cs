using Kosmo.Core;
using Kosmo.Data.Adjustment;

namespace Kosmo.Data.Panel;

/// <summary>
/// Fills a panel code by code from the buffered rows: applies source precedence per cell, counts overlaps and
/// conflicts, and links the adjusted close (see <see cref="PanelLoader"/> remarks for the rule).
/// </summary>
internal sealed class PanelAssembler
{
    /// <summary>Two calendar dates further apart than this are never "the previous trading day" of each other (the longest
    /// KRX closure, Chuseok 2017-09-29 → 2017-10-10, is 11 days); this guards calendars of partial data sets.</summary>
    internal const int MaxAdjacentGapDays = 14;

    private readonly BarBuffer _buffer;
    private readonly List<SourceScan> _scans;
    private readonly int[] _dayToT;
    private readonly int _dateCount;
    private readonly DateOnly[] _calendar;
    private readonly PriceAdjuster _adjuster;
    private readonly double _conflictTolerance;
    private readonly PanelLoadReport _report;
    private readonly int[][] _rangeByCode;
    private readonly int[][] _rowAt;
    private readonly bool[][] _suspect;
    private readonly double[] _adj;
    private readonly long[,] _overlaps;
    private readonly long[,] _conflicts;
    private readonly long[] _used;

    /// <summary>Scratch: the market of each date of the code being filled (Unknown where it has no row).</summary>
    private readonly Market[] _markets;

    public PanelAssembler(BarBuffer buffer, List<SourceScan> scans, int[] dayToT, DateOnly[] calendar, int codeCount,
        PriceAdjuster adjuster, double conflictTolerance, PanelLoadReport report)
    {
        _buffer = buffer;
        _scans = scans;
        _dayToT = dayToT;
        _calendar = calendar;
        _dateCount = calendar.Length;
        var dateCount = calendar.Length;
        _adjuster = adjuster;
        _conflictTolerance = conflictTolerance;
        _report = report;
        var s = scans.Count;
        _rangeByCode = new int[s][];
        _rowAt = new int[s][];
        _suspect = new bool[s][];
        for (var k = 0; k < s; k++)
        {
            _rangeByCode[k] = new int[codeCount];
            Array.Fill(_rangeByCode[k], -1);
            for (var j = 0; j < scans[k].Ranges.Count; j++)
            {
                _rangeByCode[k][scans[k].Ranges[j].CodeId] = j;
            }

            _rowAt[k] = new int[dateCount];
            Array.Fill(_rowAt[k], -1);
            _suspect[k] = scans[k].Source.Basis == PriceBasis.Raw ? SuspectDates.Find(scans[k], buffer, dayToT, calendar, adjuster, report) : new bool[dateCount];
        }

        _adj = new double[dateCount];
        _overlaps = new long[s, s];
        _conflicts = new long[s, s];
        _used = new long[s];
        _markets = new Market[dateCount];
    }

    /// <summary>First and last calendar index per code id (-1 when the code has no row on the calendar).</summary>
    public (int First, int Last)[] CodeSpans()
    {
        var spans = new (int First, int Last)[_rangeByCode.Length == 0 ? 0 : _rangeByCode[0].Length];
        Array.Fill(spans, (-1, -1));
        foreach (var scan in _scans)
        {
            foreach (var (codeId, start, count) in scan.Ranges)
            {
                for (var r = start; r < start + count; r++)
                {
                    var t = TOf(r);
                    if (t < 0 || IsPlaceholder(r))
                    {
                        continue;
                    }

                    var (first, last) = spans[codeId];
                    spans[codeId] = (first < 0 || t < first ? t : first, Math.Max(t, last));
                }
            }
        }

        return spans;
    }

    /// <summary>Fills column <paramref name="i"/> of the panel with code id <paramref name="codeId"/>.</summary>
    public void Fill(Kosmo.Core.Panel panel, int i, int codeId)
    {
        var (tMin, tMax) = MarkRows(codeId);
        if (tMin < 0)
        {
            return;
        }

        var code = panel.Codes[i];
        var baseK = i * _dateCount;
        var fields = new float[BarBuffer.FloatCount][];
        for (var f = 0; f < fields.Length; f++)
        {
            fields[f] = panel.Field((PanelField)f);
        }

        var prevT = -1;
        var prevWinner = -1;
        var lastT = -1;
        var dated = false;
        var stockMarket = panel.Stocks[i].Market;
        Array.Clear(_markets);
        for (var t = tMin; t <= tMax; t++)
        {
            var w = WinnerAt(t);
            if (w < 0)
            {
                continue;
            }

            var row = _rowAt[w][t];
            var chunk = _buffer[row >> BarBuffer.Shift];
            var offset = row & BarBuffer.Mask;
            var k = baseK + t;
            var market = (Market)chunk.Market[offset];
            dated |= market != Market.Unknown;
            _markets[t] = market != Market.Unknown ? market : stockMarket;
            for (var f = 0; f < BarBuffer.FloatCount; f++)
            {
                fields[f][k] = chunk.Values[f * BarBuffer.ChunkSize + offset];
            }

            var flags = (BarFlags)chunk.Flags[offset];
            var close = fields[(int)PanelField.Close][k];
            var volume = fields[(int)PanelField.Volume][k];
            if (float.IsNaN(fields[(int)PanelField.Value][k]) && float.IsFinite(close) && float.IsFinite(volume))
            {
                fields[(int)PanelField.Value][k] = close * volume;
                flags |= BarFlags.ValueEstimated;
            }

            panel.Flags[k] = flags;
            _used[w]++;
            CountOverlaps(code, panel.Dates[t], w, t, close);
            fields[(int)PanelField.AdjClose][k] = float.NaN;
            if (!(close > 0))
            {
                continue;
            }

            _adj[t] = prevT < 0 ? 1.0 : _adj[prevT] * Link(code, panel.Dates[t], prevT, t, prevWinner, w);
            prevT = t;
            prevWinner = w;
            lastT = t;
        }

        if (lastT >= 0)
        {
            var scale = fields[(int)PanelField.Close][baseK + lastT] / _adj[lastT];
            for (var t = tMin; t <= lastT; t++)
            {
                var k = baseK + t;
                if (fields[(int)PanelField.Close][k] > 0 && WinnerAt(t) >= 0)
                {
                    fields[(int)PanelField.AdjClose][k] = (float)(_adj[t] * scale);
                }
            }
        }

        if (dated)
        {
            panel.SetMarkets(i, _markets);
        }

        ClearRows(tMin, tMax);
        PublishCounts();
    }

    private double Link(string code, DateOnly date, int prevT, int t, int prevWinner, int winner)
    {
        var ratio = SourceLink(winner, prevT, t, code, date);
        for (var s = _scans.Count - 1; s >= 0 && !double.IsFinite(ratio); s--)
        {
            if (s != winner)
            {
                ratio = SourceLink(s, prevT, t, code, date);
            }
        }

        if (double.IsFinite(ratio))
        {
            _report.LinksWithinSource++;
            return ratio;
        }

        var change = Value(_rowAt[winner][t], PanelField.ChangeRatio);
        if (Adjacent(prevT, t) && double.IsFinite(change) && change > -1)
        {
            _report.LinksFromReportedChange++;
            return 1 + change;
        }

        _report.LinksUnverified++;
        var p0 = BasisPrice(prevWinner, _rowAt[prevWinner][prevT]);
        var p1 = BasisPrice(winner, _rowAt[winner][t]);
        var unverified = p1 / p0;
        return double.IsFinite(unverified) && unverified > 0 ? unverified : 1.0;
    }

    /// <summary>Gross return from prevT to t within source s, or NaN when s lacks either day.</summary>
    private double SourceLink(int s, int prevT, int t, string code, DateOnly date)
    {
        var r0 = _rowAt[s][prevT];
        var r1 = _rowAt[s][t];
        if (r0 < 0 || r1 < 0)
        {
            return double.NaN;
        }

        if (_scans[s].Source.Basis != PriceBasis.Raw)
        {
            // adj_close only when both days have a positive one (old Yahoo rows carry negative adj_close values)
            var a0 = Value(r0, PanelField.AdjClose);
            var a1 = Value(r1, PanelField.AdjClose);
            var ratio = a0 > 0 && a1 > 0 ? a1 / a0 : Value(r1, PanelField.Close) / Value(r0, PanelField.Close);
            return ratio > 0 && double.IsFinite(ratio) ? ratio : double.NaN;
        }

        var c0 = Value(r0, PanelField.Close);
        var c1 = Value(r1, PanelField.Close);
        if (Adjacent(prevT, t) && r0 == r1 - 1 && !_suspect[s][t])
        {
            var link = _adjuster.LinkRatio(c0, c1, Value(r1, PanelField.ChangeRatio), out var action);
            if (action)
            {
                _report.CorporateActions.Add(new AdjustmentEvent(code, date, c0, c1, Value(r1, PanelField.ChangeRatio), c1 / c0 / link));
            }

            return link;
        }

        var raw = c1 / c0;
        return raw > 0 && double.IsFinite(raw) ? raw : double.NaN;
    }

    private bool Adjacent(int t0, int t1) => Adjacent(_calendar, t0, t1);

    /// <summary>True when calendar index <paramref name="t1"/> is the trading day after <paramref name="t0"/> (at most <see cref="MaxAdjacentGapDays"/> calendar days later).</summary>
    internal static bool Adjacent(DateOnly[] calendar, int t0, int t1) => t1 == t0 + 1 && calendar[t1].DayNumber - calendar[t0].DayNumber <= MaxAdjacentGapDays;

    private double BasisPrice(int s, int row)
    {
        var adj = Value(row, PanelField.AdjClose);
        return _scans[s].Source.Basis != PriceBasis.Raw && adj > 0 ? adj : Value(row, PanelField.Close);
    }

    private double Value(int row, PanelField field) => _buffer[row >> BarBuffer.Shift].Get(field, row & BarBuffer.Mask);

    private int TOf(int row) => _dayToT[_buffer[row >> BarBuffer.Shift].Day[row & BarBuffer.Mask] - BarReader.MinDay];

    private bool IsPlaceholder(int row) => ((BarFlags)_buffer[row >> BarBuffer.Shift].Flags[row & BarBuffer.Mask] & BarFlags.Placeholder) != 0;

    private int WinnerAt(int t)
    {
        for (var s = _scans.Count - 1; s >= 0; s--)
        {
            if (_rowAt[s][t] >= 0)
            {
                return s;
            }
        }

        return -1;
    }

    private (int Min, int Max) MarkRows(int codeId)
    {
        var (tMin, tMax) = (-1, -1);
        for (var s = 0; s < _scans.Count; s++)
        {
            var j = _rangeByCode[s][codeId];
            if (j < 0)
            {
                continue;
            }

            var (_, start, count) = _scans[s].Ranges[j];
            for (var r = start; r < start + count; r++)
            {
                var t = TOf(r);
                if (t < 0 || IsPlaceholder(r))
                {
                    continue;
                }

                _rowAt[s][t] = r;
                tMin = tMin < 0 || t < tMin ? t : tMin;
                tMax = Math.Max(tMax, t);
            }
        }

        return (tMin, tMax);
    }

    private void ClearRows(int tMin, int tMax)
    {
        foreach (var rows in _rowAt)
        {
            Array.Fill(rows, -1, tMin, tMax - tMin + 1);
        }
    }

    private void CountOverlaps(string code, DateOnly date, int winner, int t, float close)
    {
        for (var s = winner - 1; s >= 0; s--)
        {
            var r = _rowAt[s][t];
            if (r < 0)
            {
                continue;
            }

            _overlaps[winner, s]++;
            var other = Value(r, PanelField.Close);
            if (close > 0 && other > 0 && Math.Abs(other / close - 1) > _conflictTolerance)
            {
                _conflicts[winner, s]++;
                if (_report.ConflictExamples.Count < 20)
                {
                    _report.ConflictExamples.Add($"{code} {date:yyyy-MM-dd}: {_scans[winner].Source.Name} close {close} vs {_scans[s].Source.Name} close {other}");
                }
            }
        }
    }

    private void PublishCounts()
    {
        for (var a = 0; a < _scans.Count; a++)
        {
            _report.RowsUsed[_scans[a].Source.Name] = _used[a];
            for (var b = 0; b < a; b++)
            {
                if (_overlaps[a, b] > 0)
                {
                    var key = $"{_scans[a].Source.Name}>{_scans[b].Source.Name}";
                    _report.Overlaps[key] = _overlaps[a, b];
                    _report.Conflicts[key] = _conflicts[a, b];
                }
            }
        }
    }
}
