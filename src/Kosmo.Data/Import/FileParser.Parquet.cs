using Kosmo.Core;
using Parquet;
using Parquet.Schema;

namespace Kosmo.Data.Import;

/// <summary>
/// Parquet input (FinanceData/marcap's yearly files and anything else with marcap or OHLCV column names): the format is
/// recognised from the schema's column names exactly as from a CSV header, Parquet.Net decodes the row groups (several at
/// once, ahead of the row loop: <see cref="ParquetGroup"/>), and every row, in file order, goes through the same checks and repairs as a CSV row (<see cref="FinishBar"/>). Errors name the row
/// group and the row in it; the reported line is the row's 1-based number in the file.
/// </summary>
internal sealed partial class FileParser
{
    private ParquetPosition? _parquet;

    private void ParseParquet(RowSink sink)
    {
        using var stream = File.OpenRead(_path);
        ParquetReader? reader;
        try
        {
            reader = ParquetReader.CreateAsync(stream, leaveStreamOpen: true).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException or InvalidOperationException
            || e.GetType().Namespace?.StartsWith("Parquet", StringComparison.Ordinal) == true)
        {
            throw new DataValidationException(_path, 0, "", $"not a readable parquet file ({e.Message})");
        }

        try
        {
            var fields = reader.Schema.GetDataFields();
            var byName = new Dictionary<string, DataField>(StringComparer.OrdinalIgnoreCase);
            var header = new List<string>(fields.Length);
            foreach (var f in fields)
            {
                header.Add(f.Name);
                byName.TryAdd(f.Name, f);
            }

            _layout = FileLayout.Detect(_path, header, _indexName);
            if (_layout.Format is not (ImportFormat.Marcap or ImportFormat.Ohlcv))
            {
                throw new DataValidationException(_path, 0, "", $"a parquet file holding a {_layout.Format} table is not supported (only marcap and OHLCV tables)");
            }

            _parquet = new ParquetPosition();
            var groups = reader.RowGroupCount;
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            reader = null;
            ParquetGroups(sink, groups);
        }
        finally
        {
            reader?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// Row groups are decoded ahead on <see cref="DecodeAhead"/> threads (each with its own reader: <see cref="ParquetGroup.Decode"/>),
    /// in file order, while this thread checks the rows of the oldest decoded group; at most that many groups wait decoded.
    /// </summary>
    private void ParquetGroups(RowSink sink, int groups)
    {
        var layout = _layout;
        var pending = new Queue<Task<ParquetGroup>>();
        var next = 0;
        void StartNext()
        {
            var g = next++;
            pending.Enqueue(Task.Factory.StartNew(() => ParquetGroup.Decode(_path, layout, g), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default));
        }

        try
        {
            for (var g = 0; g < groups; g++)
            {
                while (next < groups && pending.Count < DecodeAhead)
                {
                    StartNext();
                }

                var data = pending.Dequeue().GetAwaiter().GetResult();
                _parquet!.Group = g;
                ParquetBars(sink, data);
                _parquet.First += data.Rows;
                data.Release();
            }
        }
        finally
        {
            // A failed or cancelled parse: let the decoders still running finish (their files stay open until then).
            foreach (var task in pending)
            {
                try
                {
                    task.Wait();
                }
                catch (AggregateException)
                {
                }
            }
        }
    }

    /// <summary>Row groups decoded at once: one per core beside the row loop (at least one, at most four).</summary>
    private static int DecodeAhead => Math.Clamp(Environment.ProcessorCount - 1, 1, 4);

    private void ParquetBars(RowSink sink, ParquetGroup data)
    {
        var l = _layout;
        var marcap = l.Format == ImportFormat.Marcap;
        var p = _parquet!;
        var n = data.Rows;
        var bad = data.Bad;
        var codes = data.Codes;
        var dates = data.Dates;
        var (open, high, low, close, volume) = (data.Open, data.High, data.Low, data.Close, data.Volume);
        var (adj, amount, cap, shares, change, change2) = (data.AdjClose, data.Amount, data.Marcap, data.Shares, data.Change, data.Change2);
        var (changeCodes, names, markets, marketIds, depts) = (data.ChangeCodes, data.Names, data.Markets, data.MarketIds, data.Depts);
        var changeDivisor = marcap || l["ChangePct"] >= 0 ? 100.0 : 1.0;
        var synthetic = l.Source == SourceInfo.Synthetic;
        var yahoo = l.Source == SourceInfo.Yahoo;
        var firstBad = bad.Count == 0 ? -1 : bad.Min(b => b.Row);
        var codeCache = new Dictionary<string, string>(StringComparer.Ordinal);
        var deptCache = new Dictionary<string, string>(StringComparer.Ordinal);

        var bar = default(ParsedBar);
        for (var i = 0; i < n; i++)
        {
            p.RowInGroup = i + 1;
            if (i == firstBad)
            {
                var (_, column, problem) = bad.First(b => b.Row == i);
                throw Error(column, problem);
            }

            string code;
            if (codes is null)
            {
                code = l.FixedCode!;
            }
            else
            {
                var raw = codes[i] ?? "";
                if (!codeCache.TryGetValue(raw, out code!))
                {
                    code = CheckCode(string.Intern(raw.Trim()));
                    codeCache[raw] = code;
                }
            }

            bar.Code = code;
            bar.Line = p.Row;
            if (dates[i] == 0)
            {
                throw Error("Date", "missing date");
            }

            bar.Date = dates[i];
            NoteDate(bar.Date);
            bar.Open = ParquetPrice(open[i], "Open");
            bar.High = ParquetPrice(high[i], "High");
            bar.Low = ParquetPrice(low[i], "Low");
            bar.Close = ParquetPrice(close[i], "Close");
            bar.AdjClose = adj is null ? double.NaN : adj[i];
            bar.Volume = volume[i];
            bar.Amount = amount is null ? double.NaN : amount[i];
            bar.Marcap = cap is null ? double.NaN : cap[i];
            bar.Shares = shares is null ? double.NaN : shares[i];
            var ratio = change is null ? double.NaN : change[i];
            if (change2 is not null)
            {
                ratio = Either(ratio, change2[i]);
            }

            bar.ChangeRatio = ratio / changeDivisor;
            bar.Dept = null;
            if (depts is not null)
            {
                var d = depts[i] ?? "";
                if (!deptCache.TryGetValue(d, out var dept))
                {
                    dept = DeptText(d.Trim());
                    deptCache[d] = dept;
                }

                bar.Dept = dept;
            }

            var cc = changeCodes?[i] is { Length: > 0 } c ? (byte)c[0] : (byte)0;
            var market = markets is not null ? markets[i] ?? "" : marketIds is not null ? MarketOfId(marketIds[i] ?? "") : null;
            bar.Market = RowMarket(market);
            if (FinishBar(ref bar, synthetic, yahoo, cc) is { } seen)
            {
                Attributes(seen, market, names is not null ? names[i] ?? "" : null, bar.Dept);
            }

            sink.Bar(bar);
            Rows++;
        }
    }

    private double ParquetPrice(double v, string name) => v < 0 ? throw Error(name, $"negative price {v}") : v;

    /// <summary>Where the parquet reader is: row group (0-based, as parquet tools number them), row in it (1-based), and the rows before the group.</summary>
    private sealed class ParquetPosition
    {
        public int Group;
        public long RowInGroup;
        public long First;

        /// <summary>The current row's 1-based number in the file.</summary>
        public long Row => First + RowInGroup;
    }
}
