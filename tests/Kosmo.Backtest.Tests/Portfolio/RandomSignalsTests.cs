using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace Kosmo.Backtest.Tests.Portfolio;

public class RandomSignalsTests
{
    private static SignalMatrix Template(int dates, int codes, Func<int, int, bool> has)
    {
        var up = new float[dates * codes];
        var down = new float[up.Length];
        for (var t = 0; t < dates; t++)
        {
            for (var i = 0; i < codes; i++)
            {
                var k = (t * codes) + i;
                (up[k], down[k]) = has(t, i) ? (0.5f, 0.2f) : (float.NaN, float.NaN);
            }
        }

        return new SignalMatrix(dates, codes, up, down);
    }

    [Fact]
    public void Like_Should_CoverExactlyTheTemplateCells_When_GeneratingAControl()
    {
        // Given a template with holes
        var template = Template(50, 7, (t, i) => (t + i) % 3 != 0);

        // When a random control is drawn
        var r = RandomSignals.Like(template, 9);

        // Then it has a signal exactly where the template has one, with P(up) + P(down) = 1
        for (var k = 0; k < template.PUp.Length; k++)
        {
            float.IsFinite(r.PUp[k]).Should().Be(float.IsFinite(template.PUp[k]));
            if (float.IsFinite(r.PUp[k])) { (r.PUp[k] + r.PDown[k]).Should().BeApproximately(1f, 1e-6f); }
        }
    }

    [Fact]
    public void Persistent_Should_HaveTheDesignedAutocorrelation_When_SignalsAreDaily()
    {
        // Given one code with a signal every day for 20,000 days, φ = 0.96 and a persistent share of 0.85
        var template = Template(20_000, 1, (_, _) => true);

        // When the persistent control is drawn and mapped back to its latent normal score
        var r = RandomSignals.Persistent(template, 4, 0.96, 0.85);
        var x = r.PUp.Select(u => Normal.InvCDF(0, 1, Math.Clamp(u, 1e-7, 1 - 1e-7))).ToArray();

        // Then the lag-k correlation is a²·φᵏ: 0.816 at lag 1, 0.693 at lag 5 (sampling error ≈ 0.02)
        Correlation.Pearson(x[1..], x[..^1]).Should().BeApproximately(0.85 * 0.96, 0.03);
        Correlation.Pearson(x[5..], x[..^5]).Should().BeApproximately(0.85 * Math.Pow(0.96, 5), 0.04);
        RandomSignals.Persistent(template, 4, 0.96, 0.85).PUp.Should().Equal(r.PUp);
    }
}
