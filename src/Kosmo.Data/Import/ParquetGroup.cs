using Kosmo.Core;
using Parquet;
using Parquet.Schema;

namespace Kosmo.Data.Import;

/// <summary>
/// One parquet row group decoded into the plain arrays the importer's row loop reads (numbers as double, NaN when missing;
/// dates as yyyymmdd keys; texts interned per group), with the first undecodable cell of each column. Decoding is the bulk
/// of a parquet import's parse time (Parquet.Net's page decompression and value decoding, the text columns above all), and
/// it needs nothing from earlier rows, so <see cref="Decode"/> runs for several row groups at once, each on its own reader,
/// while the row loop checks the rows of an earlier group in file order. The arrays are rented (<see cref="ColumnBuffers"/>) and
/// longer than <see cref="Rows"/>.
/// </summary>
internal sealed class ParquetGroup
{
    public required int Rows { get; init; }

    public string?[]? Codes { get; init; }

    public required int[] Dates { get; init; }

    public required double[] Open { get; init; }

    public required double[] High { get; init; }

    public required double[] Low { get; init; }

    public required double[] Close { get; init; }

    public required double[] Volume { get; init; }

    public double[]? AdjClose { get; init; }

    public double[]? Amount { get; init; }

    public double[]? Marcap { get; init; }

    public double[]? Shares { get; init; }

    public double[]? Change { get; init; }

    public double[]? Change2 { get; init; }

    public string?[]? ChangeCodes { get; init; }

    public string?[]? Names { get; init; }

    public string?[]? Markets { get; init; }

    public string?[]? MarketIds { get; init; }

    public string?[]? Depts { get; init; }

    /// <summary>Cells that could not be decoded: (row in the group, column, problem); the row loop reports the first at its row.</summary>
    public required List<(int Row, string Column, string Problem)> Bad { get; init; }

    /// <summary>Gives the column arrays back to <see cref="ColumnBuffers"/>; call once the row loop is done with the group (not after a failure: the arrays are then left to the collector).</summary>
    public void Release()
    {
        ColumnBuffers.Return(Codes, Rows);
        ColumnBuffers.Return(Dates, Rows);
        foreach (var numbers in (ReadOnlySpan<double[]?>)[Open, High, Low, Close, Volume, AdjClose, Amount, Marcap, Shares, Change, Change2])
        {
            ColumnBuffers.Return(numbers, Rows);
        }

        foreach (var texts in (ReadOnlySpan<string?[]?>)[ChangeCodes, Names, Markets, MarketIds, Depts])
        {
            ColumnBuffers.Return(texts, Rows);
        }
    }

    /// <summary>Decodes row group <paramref name="group"/> of <paramref name="path"/> with a reader of its own (thread-safe).</summary>
    /// <exception cref="DataValidationException">A column's type cannot hold what the layout needs (names file, column and row group).</exception>
    public static ParquetGroup Decode(string path, FileLayout layout, int group)
    {
        using var stream = File.OpenRead(path);
        var reader = ParquetReader.CreateAsync(stream, leaveStreamOpen: true).GetAwaiter().GetResult();
        try
        {
            var fields = reader.Schema.GetDataFields();
            using var rg = reader.OpenRowGroupReader(group);
            return DecodeColumns(path, layout, fields, rg, group);
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static ParquetGroup DecodeColumns(string path, FileLayout l, DataField[] fields, ParquetRowGroupReader rg, int group)
    {
        var n = (int)rg.RowCount;
        var marcap = l.Format == ImportFormat.Marcap;
        var bad = new List<(int Row, string Column, string Problem)>();
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        DataField? Optional(int index) => index >= 0 ? fields[index] : null;
        DataField Field(string name) => fields[l.Require(path, name)];

        double[]? Nums(DataField? f, string name)
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
                throw new DataValidationException(path, 0, name, $"row group {group}: {e.Message}");
            }

            if (column.FirstBad >= 0)
            {
                bad.Add((column.FirstBad, name, $"non-numeric value '{column.BadText}'"));
            }

            return column.Values;
        }

        string?[]? Texts(DataField? f) => f is null ? null : ParquetInput.ReadStrings(rg, f, n, pool);

        var codes = l.FixedCode is null ? Texts(Field("Code")) : null;
        var (dates, badDate, badDateText) = ParquetInput.ReadDates(rg, Field("Date"), n);
        if (badDate >= 0)
        {
            bad.Add((badDate, "Date", $"not a date: '{badDateText}'"));
        }

        var iChange = marcap ? l["ChagesRatio"] : l["ChangePct"] >= 0 ? l["ChangePct"] : l["Change"];
        var markets = Texts(Optional(l["Market"]));
        return new ParquetGroup
        {
            Rows = n,
            Codes = codes,
            Dates = dates,
            Open = Nums(Field("Open"), "Open")!,
            High = Nums(Field("High"), "High")!,
            Low = Nums(Field("Low"), "Low")!,
            Close = Nums(Field("Close"), "Close")!,
            Volume = Nums(Field("Volume"), "Volume")!,
            AdjClose = Nums(Optional(l["AdjClose"]), "AdjClose"),
            Amount = Nums(Optional(l["Amount"]), "Amount"),
            Marcap = marcap ? Nums(Field("Marcap"), "Marcap") : null,
            Shares = marcap ? Nums(Field("Stocks"), "Stocks") : null,
            Change = Nums(Optional(iChange), l.HeaderOf(marcap ? "ChagesRatio" : "Change")),
            Change2 = marcap ? Nums(Optional(l.Alternate("ChagesRatio").Index), l.Alternate("ChagesRatio").Header) : null,
            ChangeCodes = Texts(Optional(l["ChangeCode"])),
            Names = Texts(Optional(l["Name"])),
            Markets = markets,
            MarketIds = markets is null ? Texts(Optional(l["MarketId"])) : null,
            Depts = Texts(Optional(l["Dept"])),
            Bad = bad,
        };
    }
}
