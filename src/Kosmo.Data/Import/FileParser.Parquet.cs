using Kosmo.Core;
using Parquet;
using Parquet.Schema;

namespace Kosmo.Data.Import;

/// <summary>
/// Parquet input (FinanceData/marcap's yearly files and anything else with marcap or OHLCV column names): the format is
/// recognised from the schema's column names exactly as from a CSV header, Parquet.Net decodes one row group at a time,
/// and every row goes through the same checks and repairs as a CSV row (<see cref="FinishBar"/>). Errors name the row
/// group and the row in it; the reported line is the row's 1-based number in the file.
/// </summary>
internal sealed partial class FileParser
{
    private readonly Dictionary<string, string> _textPool = new(StringComparer.Ordinal);
    private ParquetPosition? _parquet;

    private void ParseParquet(RowSink sink)
    {
        using var stream = File.OpenRead(_path);
        ParquetReader reader;
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
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var rg = reader.OpenRowGroupReader(g);
                _parquet.Group = g;
                ParquetBars(sink, rg, fields, (int)rg.RowCount);
                _parquet.First += rg.RowCount;
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private void ParquetBars(RowSink sink, ParquetRowGroupReader rg, DataField[] fields, int n)
    {
        var l = _layout;
        var marcap = l.Format == ImportFormat.Marcap;
        var p = _parquet!;
        DataField Field(int index) => fields[index];
        DataField? Optional(int index) => index >= 0 ? fields[index] : null;
        var bad = new List<(int Row, string Column, string Problem)>();

        ParquetInput.Numbers? Nums(DataField? f, string name)
        {
            if (f is null)
            {
                return null;
            }

            ParquetInput.Numbers column;
            try
            {
                column = ParquetInput.ReadNumbers(rg, f, n);
            }
            catch (NotSupportedException e)
            {
                throw new DataValidationException(_path, 0, name, $"row group {p.Group}: {e.Message}");
            }

            if (column.FirstBad >= 0)
            {
                bad.Add((column.FirstBad, name, $"non-numeric value '{column.BadText}'"));
            }

            return column;
        }

        string?[]? Texts(DataField? f) => f is null ? null : ParquetInput.ReadStrings(rg, f, n, _textPool);

        var codes = l.FixedCode is null ? Texts(Field(l.Require(_path, "Code"))) : null;
        var (dates, badDate, badDateText) = ParquetInput.ReadDates(rg, Field(l.Require(_path, "Date")), n);
        if (badDate >= 0)
        {
            bad.Add((badDate, "Date", $"not a date: '{badDateText}'"));
        }

        var open = Nums(Field(l.Require(_path, "Open")), "Open")!.Values;
        var high = Nums(Field(l.Require(_path, "High")), "High")!.Values;
        var low = Nums(Field(l.Require(_path, "Low")), "Low")!.Values;
        var close = Nums(Field(l.Require(_path, "Close")), "Close")!.Values;
        var volume = Nums(Field(l.Require(_path, "Volume")), "Volume")!.Values;
        var adj = Nums(Optional(l["AdjClose"]), "AdjClose")?.Values;
        var amount = Nums(Optional(l["Amount"]), "Amount")?.Values;
        var cap = marcap ? Nums(Field(l.Require(_path, "Marcap")), "Marcap")!.Values : null;
        var shares = marcap ? Nums(Field(l.Require(_path, "Stocks")), "Stocks")!.Values : null;
        var (iChange, changeDivisor) = marcap ? (l["ChagesRatio"], 100.0)
            : l["ChangePct"] >= 0 ? (l["ChangePct"], 100.0)
            : (l["Change"], 1.0);
        var change = Nums(Optional(iChange), l.HeaderOf(marcap ? "ChagesRatio" : "Change"))?.Values;
        var change2 = marcap ? Nums(Optional(l.Alternate("ChagesRatio").Index), l.Alternate("ChagesRatio").Header)?.Values : null;
        var changeCodes = Texts(Optional(l["ChangeCode"]));
        var names = Texts(Optional(l["Name"]));
        var markets = Texts(Optional(l["Market"]));
        var marketIds = markets is null ? Texts(Optional(l["MarketId"])) : null;
        var depts = Texts(Optional(l["Dept"]));
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
            if (FinishBar(ref bar, synthetic, yahoo, cc) is { } seen)
            {
                var market = markets is not null ? markets[i] ?? "" : marketIds is not null ? MarketOfId(marketIds[i] ?? "") : null;
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
