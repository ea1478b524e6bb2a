using Kosmo.Backtest.Input;
using Kosmo.Core;

namespace Kosmo.Backtest.Tests.Input;

/// <summary>predictions.csv with K ≠ 3 classes read into signals: the score is the expected class value.</summary>
public sealed class RunPredictionsClassTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"kosmo-predictions-{Guid.NewGuid():N}.csv");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Load_Should_ScoreByTheExpectedClassValue_When_TheFileHasFourClasses()
    {
        // Given a four-class predictions.csv for two stocks on one date
        var dates = new[] { new DateOnly(2024, 3, 4) };
        var panel = new Panel(dates, [new StockInfo("000001", "A", Market.Kosdaq, "", null, null), new StockInfo("000002", "B", Market.Kosdaq, "", null, null)]);
        File.WriteAllText(_path, "date,code,model,p_0,p_1,p_2,p_3\n2024-03-04,000001,m,0.1,0.2,0.3,0.4\n2024-03-04,000002,m,0.4,0.3,0.2,0.1\n");

        // When loaded
        var (signals, skipped) = RunPredictions.Load(_path, panel);

        // Then P(up) - P(down) is the expected class value (-1, -1/3, 1/3, 1) and the first stock ranks higher
        skipped.Should().Be(0);
        var s = signals["m"];
        var score0 = s.PUp[0] - s.PDown[0];
        var score1 = s.PUp[1] - s.PDown[1];
        score0.Should().BeApproximately(-0.1f - (0.2f / 3) + (0.3f / 3) + 0.4f, 1e-6f);
        score1.Should().BeApproximately(-score0, 1e-6f);
    }

    [Fact]
    public void Load_Should_RejectTheHeader_When_ClassColumnsAreMisnamed()
    {
        // Given a header that is neither form
        File.WriteAllText(_path, "date,code,model,p_0,p_2\n");
        var panel = new Panel([new DateOnly(2024, 3, 4)], [new StockInfo("000001", "A", Market.Kosdaq, "", null, null)]);

        // When / Then
        ((Action)(() => RunPredictions.Load(_path, panel))).Should().Throw<DataValidationException>().WithMessage("*header*");
    }
}
