using Kosmo.Core.IO;

namespace Kosmo.Core.Tests.IO;

public sealed class EquityAndTradesCsvTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kosmo-equity-trades-" + Guid.NewGuid().ToString("N"));

    public EquityAndTradesCsvTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, true);

    private string Equity => Path.Combine(_dir, "equity.csv");

    private string Trades => Path.Combine(_dir, "trades.csv");

    [Fact]
    public void EquityWrite_Should_ProduceTheContractFormat_And_ReadBack_When_RoundTripping()
    {
        // Given two curves, one whose name holds a comma
        EquityCurve[] curves =
        [
            new("topk", [new(2024, 1, 2), new(2024, 1, 3)], [1e8, 1.015e8]),
            new("KOSDAQ, small", [new(2024, 1, 2), new(2024, 1, 3)], [2730.5318, 2701.25]),
        ];

        // When written and read back
        EquityCsv.Write(Equity, curves);
        var back = EquityCsv.Read(Equity);

        // Then the text is the contract (curve order, then date order; the name quoted) and the values survive
        File.ReadAllText(Equity).Should().Be(
            "date,strategy,equity\n2024-01-02,topk,100000000\n2024-01-03,topk,101500000\n" +
            "2024-01-02,\"KOSDAQ, small\",2730.5318\n2024-01-03,\"KOSDAQ, small\",2701.25\n");
        back.Select(c => c.Strategy).Should().Equal("topk", "KOSDAQ, small");
        back[1].Dates.Should().Equal(curves[1].Dates);
        back[1].Equity.Should().Equal(curves[1].Equity);
    }

    [Fact]
    public void EquityRead_Should_SortEachCurveByDate_When_RowsAreOutOfOrder()
    {
        File.WriteAllText(Equity, "date,strategy,equity\n2024-01-03,s,101\n2024-01-02,s,100\n");

        var curve = EquityCsv.Read(Equity).Single();

        curve.Dates.Should().Equal(new DateOnly(2024, 1, 2), new DateOnly(2024, 1, 3));
        curve.Equity.Should().Equal(100, 101);
    }

    [Theory]
    [InlineData("date,strategy\n", 1, "")]
    [InlineData("date,strategy,equity\n2024-01-02,s\n", 2, "")]
    [InlineData("date,strategy,equity\n20240102,s,100\n", 2, "date")]
    [InlineData("date,strategy,equity\n2024-01-02,,100\n", 2, "strategy")]
    [InlineData("date,strategy,equity\n2024-01-02,s,100\n2024-01-03,s,abc\n", 3, "equity")]
    [InlineData("date,strategy,equity\n2024-01-02,s,0\n", 2, "equity")]
    [InlineData("date,strategy,equity\n2024-01-02,s,\n", 2, "equity")]
    [InlineData("date,strategy,equity\n2024-01-02,s,100\n2024-01-02,s,101\n", 3, "date")]
    public void EquityRead_Should_NameLineAndColumn_When_ARowIsBad(string text, int line, string column)
    {
        // Given an equity.csv with one bad line
        File.WriteAllText(Equity, text);

        // When read
        var ex = FluentActions.Invoking(() => EquityCsv.Read(Equity)).Should().Throw<DataValidationException>().Which;

        // Then the error names the file, the line and the column
        ex.File.Should().Be(Equity);
        ex.Line.Should().Be(line);
        ex.Column.Should().Be(column);
    }

    [Fact]
    public void EquityWrite_Should_Throw_When_DatesAndEquityDifferInLength()
    {
        FluentActions.Invoking(() => EquityCsv.Write(Equity, [new EquityCurve("s", [new(2024, 1, 2)], [1, 2])]))
            .Should().Throw<ArgumentException>().WithMessage("*'s'*");
        File.Exists(Equity).Should().BeFalse();
    }

    [Fact]
    public void TradesWrite_Should_ProduceTheContractFormat_And_ReadBack_When_RoundTripping()
    {
        // Given a buy, a sell and a delisting exit at an unknown price
        TradeRecord[] rows =
        [
            new(new DateOnly(2024, 1, 3), "005930", "topk", "buy", 10, 71_000.5, 106, 0, 355),
            new(new DateOnly(2024, 1, 4), "005930", "topk", "sell", 10, 72_000, 108, 1_440, 360),
            new(new DateOnly(2024, 1, 5), "000001", "a,b", "delist", 3, double.NaN, 0, 0, 0),
        ];

        // When written and read back
        TradesCsv.Write(Trades, rows);
        var back = TradesCsv.Read(Trades);

        // Then the text is the contract (whole KRW, an empty price for NaN, a quoted strategy) and the rows survive
        File.ReadAllText(Trades).Should().Be(
            "date,code,strategy,side,shares,price,commission,tax,slippage\n" +
            "2024-01-03,005930,topk,buy,10,71000.5,106,0,355\n" +
            "2024-01-04,005930,topk,sell,10,72000,108,1440,360\n" +
            "2024-01-05,000001,\"a,b\",delist,3,,0,0,0\n");
        back.Should().Equal(rows);
    }

    [Theory]
    [InlineData("2024-01-03,005930,topk,buy,10,71000.5,106,0\n", "")]
    [InlineData("2024-01-32,005930,topk,buy,10,71000.5,106,0,355\n", "date")]
    [InlineData("2024-01-03,,topk,buy,10,71000.5,106,0,355\n", "code")]
    [InlineData("2024-01-03,005930,,buy,10,71000.5,106,0,355\n", "strategy")]
    [InlineData("2024-01-03,005930,topk,short,10,71000.5,106,0,355\n", "side")]
    [InlineData("2024-01-03,005930,topk,buy,-10,71000.5,106,0,355\n", "shares")]
    [InlineData("2024-01-03,005930,topk,buy,1.5,71000.5,106,0,355\n", "shares")]
    [InlineData("2024-01-03,005930,topk,buy,10,abc,106,0,355\n", "price")]
    [InlineData("2024-01-03,005930,topk,buy,10,71000.5,10.6,0,355\n", "commission")]
    [InlineData("2024-01-03,005930,topk,buy,10,71000.5,106,x,355\n", "tax")]
    [InlineData("2024-01-03,005930,topk,buy,10,71000.5,106,0,\n", "slippage")]
    public void TradesRead_Should_NameLineAndColumn_When_ARowIsBad(string body, string column)
    {
        // Given a trades.csv whose third line is bad
        File.WriteAllText(Trades, TradesCsv.Header + "\n2024-01-02,005930,topk,buy,1,70000,10,0,35\n" + body);

        // When read
        var ex = FluentActions.Invoking(() => TradesCsv.Read(Trades)).Should().Throw<DataValidationException>().Which;

        // Then the error names the file, line 3 and the column
        ex.File.Should().Be(Trades);
        ex.Line.Should().Be(3);
        ex.Column.Should().Be(column);
    }
}
