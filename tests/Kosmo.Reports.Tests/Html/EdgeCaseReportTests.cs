using System.Text.RegularExpressions;

namespace Kosmo.Reports.Tests.Html;

public sealed class EdgeCaseReportTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kosmo-report-edge-" + Guid.NewGuid().ToString("N"));

    public EdgeCaseReportTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Render_Should_DrawFiniteCharts_When_EveryFileHoldsADegenerateMinimum()
    {
        // Given one equity row, a trade of an unknown strategy, one capacity point, one lag, one epoch with empty
        // validation loss, an all-zero confusion matrix, empty calibration bins and null metrics
        Write("equity.csv", "date,strategy,equity\n2024-01-02,s,100\n");
        Write("trades.csv", "date,code,strategy,side,shares,price,commission,tax,slippage\n2024-01-02,000001,other,buy,10,1000,1,0,1\n");
        Write("capacity.csv", "account_krw,strategy,total_return,cagr,sharpe,cost_drag\n100000000,s,,,,\n");
        Write("attention.csv", "model,lag,weight\nm,1,1.0\n");
        Write("variable_importance.csv", "model,kind,variable,weight\nm,static,sector,0\n");
        Write("training_log.csv", "model,fold,epoch,train_loss,val_loss\nm,0,1,1.1,\n");
        Write("metrics.json", """
            {"data": {"source": null}, "models": {"m": {"accuracy": null, "macro_f1_ci": [null, null],
              "confusion": [[0,0,0],[0,0,0],[0,0,0]], "calibration": [{"bin_mid": 0.5, "mean_pred": 0.5, "frac_pos": 0.4, "count": 0}]}},
             "backtests": {"s": {"sharpe": null}}, "benchmarks": {}}
            """);

        // When rendered
        var html = HtmlReport.Render(_dir);

        // Then it renders every chart it can, with finite numbers only, and notes what it cannot
        html.Should().NotContain("NaN").And.NotContain("Infinity");
        Regex.Matches(html, "<svg id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).Should().Contain(
            ["chart-equity", "chart-drawdown", "chart-monthly-s", "chart-turnover", "chart-costs", "chart-capacity", "chart-confusion-m",
             "chart-calibration-m", "chart-attention", "chart-vsn-static-m", "chart-training-m"]);
        html.Should().Contain("Fewer than 127 days of equity: no rolling Sharpe.");
    }

    [Fact]
    public void Render_Should_ShowBlankPlaceholders_When_AStrategyIsMissingFromTheCapacityGrid()
    {
        Write("capacity.csv", "account_krw,strategy,total_return,cagr,sharpe,cost_drag\n1e8,a,0.1,0.05,1,0.01\n1e9,b,0.1,0.05,1,0.01\n");

        var html = HtmlReport.Render(_dir);

        html.Should().Contain("<td>₩100,000,000</td><td><span class=\"pos\">10.00%</span></td><td><span class=\"pos\">5.00%</span></td><td>1.00</td><td>1.00%</td><td>–</td>");
    }

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir, name), text);
}
