using System.Text.Json.Nodes;
using Kosmo.Backtest.Output;
using Kosmo.Backtest.Statistics;
using Kosmo.Core;

namespace Kosmo.Backtest.Tests.Output;

public sealed class RunFolderWriterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kosmo-bt-" + Guid.NewGuid().ToString("N"));

    public RunFolderWriterTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, true);

    private static BacktestResult Result() => new()
    {
        Name = "topk",
        Dates = [new DateOnly(2024, 1, 2), new DateOnly(2024, 1, 3), new DateOnly(2024, 1, 4)],
        Equity = [1e8, 1.01e8, 0.995e8],
        Costs = [0, 15_000, 0],
        Turnover = [0, 0.5, 0],
        Holdings = [0, 2, 2],
        Trades = [new Trade(new DateOnly(2024, 1, 3), "005930", TradeSide.Buy, 10, 71_000.5, 106, 0, 355)],
        InitialCash = 100_000_000,
    };

    [Fact]
    public void Merge_Should_KeepOtherSections_When_MetricsJsonAlreadyExists()
    {
        // Given a metrics.json written by another stage
        var path = Path.Combine(_dir, "metrics.json");
        File.WriteAllText(path, """{"data": {"rows": 5}, "models": {"tft": {"accuracy": 0.4}}, "backtests": {"old": {"sharpe": 1}}}""");
        var m = PerformanceStatistics.Compute(Result());

        // When
        MetricsJson.Merge(path, new Dictionary<string, PerformanceMetrics> { ["topk"] = m }, new Dictionary<string, PerformanceMetrics> { ["KOSDAQ"] = m with { Turnover = null, CostDrag = null, Psr = null, Dsr = null } });

        // Then the other sections and entries survive and the contract keys are present
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        root["data"]!["rows"]!.GetValue<int>().Should().Be(5);
        root["models"]!["tft"]!["accuracy"]!.GetValue<double>().Should().Be(0.4);
        root["backtests"]!["old"]!["sharpe"]!.GetValue<int>().Should().Be(1);
        var topk = root["backtests"]!["topk"]!.AsObject();
        foreach (var key in new[] { "total_return", "cagr", "ann_vol", "sharpe", "sortino", "max_drawdown", "calmar", "turnover", "cost_drag", "psr", "dsr" })
        {
            topk.ContainsKey(key).Should().BeTrue(key);
        }

        topk["total_return"]!.GetValue<double>().Should().BeApproximately(-0.005, 1e-12);
        root["benchmarks"]!["KOSDAQ"]!["turnover"].Should().BeNull();
        File.Exists(path + ".tmp").Should().BeFalse();
    }

    [Fact]
    public void Merge_Should_ThrowDataValidation_When_ExistingFileIsNotJson()
    {
        var path = Path.Combine(_dir, "metrics.json");
        File.WriteAllText(path, "{\n \"data\": [1, 2,\n");

        var act = () => MetricsJson.Merge(path, new Dictionary<string, PerformanceMetrics>(), new Dictionary<string, PerformanceMetrics>());

        act.Should().Throw<DataValidationException>().WithMessage("*metrics.json*");
        File.ReadAllText(path).Should().StartWith("{\n \"data\"");
    }

    [Fact]
    public void Writers_Should_FollowTheContractColumns_When_WritingEquityTradesAndCapacity()
    {
        var r = Result();
        RunFolderWriter.WriteEquity(Path.Combine(_dir, "equity.csv"), [r]);
        RunFolderWriter.WriteTrades(Path.Combine(_dir, "trades.csv"), [r]);
        RunFolderWriter.WriteCapacity(Path.Combine(_dir, "capacity.csv"), [new CapacityRow(1_000_000_000, "topk", PerformanceStatistics.Compute(r))]);

        File.ReadAllLines(Path.Combine(_dir, "equity.csv")).Should().Equal("date,strategy,equity", "2024-01-02,topk,100000000", "2024-01-03,topk,101000000", "2024-01-04,topk,99500000");
        File.ReadAllLines(Path.Combine(_dir, "trades.csv")).Should().Equal("date,code,strategy,side,shares,price,commission,tax,slippage", "2024-01-03,005930,topk,buy,10,71000.5,106,0,355");
        var cap = File.ReadAllLines(Path.Combine(_dir, "capacity.csv"));
        cap[0].Should().Be("account_krw,strategy,total_return,cagr,sharpe,cost_drag");
        cap[1].Should().StartWith("1000000000,topk,-0.00500000000000");
    }

    [Fact]
    public void Merge_Should_WriteIdenticalBytes_When_RunTwice()
    {
        var path = Path.Combine(_dir, "metrics.json");
        var m = new Dictionary<string, PerformanceMetrics> { ["topk"] = PerformanceStatistics.Compute(Result()) };
        MetricsJson.Merge(path, m, m);
        var first = File.ReadAllBytes(path);
        MetricsJson.Merge(path, m, m);
        File.ReadAllBytes(path).Should().Equal(first);
    }
}
