namespace Kosmo.Reports.Tests.Html;

public sealed class SignalValueTableTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kosmo-report-signal-" + Guid.NewGuid().ToString("N"));

    public SignalValueTableTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Render_Should_ShowTheSignalValueTable_When_MetricsHaveTheKeys()
    {
        // Given a model with the signal-value keys and one without
        File.WriteAllText(Path.Combine(_dir, "metrics.json"), """
            {"models": {"a": {"rank_ic": 0.05, "n_test": 10, "ls_decile_daily_mean": 0.0012, "ls_decile_ann_sharpe": 1.25, "ls_decile_dates": 200,
              "ic_decay": {"1": 0.031, "5": 0.0452, "10": 0.04, "20": 0.02, "60": null}, "signal_autocorr": 0.875},
              "b": {"rank_ic": 0.01, "n_test": 10}}}
            """);

        // When
        var html = HtmlReport.Render(_dir);

        // Then the table lists model a with its figures, and the generic models table does not repeat them
        html.Should().Contain("Signal value before costs").And.Contain("Rank IC 60d");
        html.Should().Contain("<td>a</td><td><span class=\"pos\">0.120%</span></td><td>1.25</td><td>200</td><td>0.0310</td><td>0.0452</td><td>0.0400</td><td>0.0200</td><td>–</td><td>0.875</td>");
        html.Should().NotContain("Ls decile daily mean").And.NotContain("Ic decay");
    }

    [Fact]
    public void Render_Should_LeaveTheTableOut_When_NoModelHasTheKeys()
    {
        File.WriteAllText(Path.Combine(_dir, "metrics.json"), """{"models": {"b": {"rank_ic": 0.01, "n_test": 10}}}""");

        HtmlReport.Render(_dir).Should().NotContain("Signal value before costs");
    }
}
