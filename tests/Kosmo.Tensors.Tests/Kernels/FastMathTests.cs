using Kosmo.Tensors.Kernels;

namespace Kosmo.Tensors.Tests.Kernels;

/// <summary>The float-lane exp, σ and tanh against double precision, on dense sweeps and at the edges.</summary>
public sealed class FastMathTests
{
    [Fact]
    public void Exp_Should_StayWithinTwoUlp_When_SweptOverTheNormalRange()
    {
        // Given 2,000,001 evenly spaced arguments over the whole normal-result range, plus their float neighbours
        const int n = 2_000_001;
        var x = new float[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = -87.3f + ((88.7f + 87.3f) * i / (n - 1));
        }

        // When exp runs on them as spans
        var y = new float[n];
        FastMath.Exp(x, y);

        // Then every result is within 2 ulp of the correctly rounded double result
        var worst = 0.0;
        for (var i = 0; i < n; i++)
        {
            var exact = Math.Exp(x[i]);
            var ulp = (double)MathF.BitIncrement((float)exact) - (float)exact;
            worst = Math.Max(worst, Math.Abs(y[i] - exact) / ulp);
        }

        worst.Should().BeLessThanOrEqualTo(2.0);
    }

    [Theory]
    [InlineData(0f, 1f)]
    [InlineData(-100f, 0f)]
    [InlineData(float.NegativeInfinity, 0f)]
    [InlineData(89f, float.PositiveInfinity)]
    [InlineData(float.PositiveInfinity, float.PositiveInfinity)]
    public void Exp_Should_GiveTheLimit_When_ArgumentIsAtAnEdge(float x, float expected)
    {
        FastMath.Exp(x).Should().Be(expected);
    }

    [Fact]
    public void Exp_Should_StayFinite_When_ArgumentIsJustBelowOverflow()
    {
        // Given the largest x whose exp is finite (n rounds to 128 there)
        var y = FastMath.Exp(88.72283f);

        // Then the value is finite and within 2 ulp of the double result
        float.IsFinite(y).Should().BeTrue();
        var exact = Math.Exp(88.72283f);
        Math.Abs(y - exact).Should().BeLessThanOrEqualTo(2 * ((double)MathF.BitIncrement((float)exact) - (float)exact));
    }

    [Fact]
    public void Functions_Should_PropagateNaN_When_InputIsNaN()
    {
        float.IsNaN(FastMath.Exp(float.NaN)).Should().BeTrue();
        float.IsNaN(FastMath.Sigmoid(float.NaN)).Should().BeTrue();
        float.IsNaN(FastMath.Tanh(float.NaN)).Should().BeTrue();
    }

    [Fact]
    public void SigmoidAndTanh_Should_MatchDouble_When_SweptAcrossTheirUsefulRange()
    {
        // Given arguments from −30 to 30 (both saturate beyond), including tiny ones around 0
        const int n = 600_001;
        var x = new float[n + 3];
        for (var i = 0; i < n; i++)
        {
            x[i] = -30f + (60f * i / (n - 1));
        }

        x[n] = 1e-30f;
        x[n + 1] = -3e-8f;
        x[n + 2] = 0.2499f;

        // When σ and tanh run as spans (the length is not a multiple of 8, so the tail path runs too)
        var sg = new float[x.Length];
        var th = new float[x.Length];
        FastMath.Sigmoid(x, sg);
        FastMath.Tanh(x, th);

        // Then σ is within 4e-7 relative and tanh within 2e-6 relative (or 1e-37 absolute) of double precision
        for (var i = 0; i < x.Length; i++)
        {
            var s = 1.0 / (1.0 + Math.Exp(-x[i]));
            Math.Abs(sg[i] - s).Should().BeLessThanOrEqualTo((4e-7 * s) + 1e-37, $"σ({x[i]})");
            var t = Math.Tanh(x[i]);
            Math.Abs(th[i] - t).Should().BeLessThanOrEqualTo((2e-6 * Math.Abs(t)) + 1e-37, $"tanh({x[i]})");
        }
    }

    [Theory]
    [InlineData(13)]   // one 8-lane vector and a tail of 5
    [InlineData(45)]   // two 16-lane vectors (AVX-512), one 8-lane, a tail of 5
    public void Spans_Should_MatchTheScalarForm_When_LengthHasATail(int n)
    {
        // Given n values across both signs, from tiny to saturating
        var x = new float[n];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (i * 0.7f) - 14f;
        }

        // When the span forms run in place
        var e = (float[])x.Clone();
        var s = (float[])x.Clone();
        var t = (float[])x.Clone();
        FastMath.Exp(e, e);
        FastMath.Sigmoid(s, s);
        FastMath.Tanh(t, t);

        // Then each element equals the scalar (8-lane) form bit for bit, whichever width handled it
        for (var i = 0; i < x.Length; i++)
        {
            e[i].Should().Be(FastMath.Exp(x[i]), $"exp({x[i]})");
            s[i].Should().Be(FastMath.Sigmoid(x[i]), $"σ({x[i]})");
            t[i].Should().Be(FastMath.Tanh(x[i]), $"tanh({x[i]})");
        }
    }
}
