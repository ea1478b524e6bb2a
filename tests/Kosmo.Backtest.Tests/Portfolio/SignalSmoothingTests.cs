namespace Kosmo.Backtest.Tests.Portfolio;

public class SignalSmoothingTests
{
    private static SignalMatrix One(params float[] pUp) =>
        new(pUp.Length, 1, pUp, pUp.Select(u => float.IsNaN(u) ? float.NaN : 0.1f).ToArray());

    [Fact]
    public void Ema_Should_MatchTheHandComputedAverage_When_ASignalIsMissing()
    {
        // Given span 3 (α = 0.5) and P(up) 0.2, 0.4, none, 0.6
        var s = One(0.2f, 0.4f, float.NaN, 0.6f);

        // When smoothed
        var e = SignalSmoothing.Ema(s, span: 3);

        // Then 0.2, 0.3, none, 0.45 (the state bridges the one-day gap); P(down) stays 0.1
        e.PUp.Should().Equal([0.2f, 0.3f, float.NaN, 0.45f], (a, b) => (float.IsNaN(a) && float.IsNaN(b)) || Math.Abs(a - b) < 1e-6);
        e.PDown.Where(float.IsFinite).Should().AllSatisfy(d => d.Should().BeApproximately(0.1f, 1e-6f));
    }

    [Fact]
    public void Ema_Should_RestartFromTheRawValue_When_TheGapExceedsMaxGap()
    {
        // Given a 3-date gap and maxGap 2
        var s = One(0.2f, float.NaN, float.NaN, 0.8f);

        // When smoothed
        var e = SignalSmoothing.Ema(s, span: 3, maxGap: 2);

        // Then the last value is the raw 0.8, not 0.5
        e.PUp[3].Should().BeApproximately(0.8f, 1e-6f);
    }

    [Fact]
    public void Ema_Should_ReturnTheRawSignals_When_SpanIsOne()
    {
        var s = One(0.2f, 0.7f, 0.1f);

        SignalSmoothing.Ema(s, span: 1).PUp.Should().Equal(s.PUp);
    }
}
