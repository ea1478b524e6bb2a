using Kosmo.Features.Wavelets;

namespace Kosmo.Features.Tests.Wavelets;

public sealed class ModwtTests
{
    public static TheoryData<string> Filters => new() { "haar", "d4", "la8" };

    private static double[] RandomWalk(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n];
        for (var t = 1; t < n; t++)
        {
            x[t] = x[t - 1] + rng.NextDouble() - 0.5;
        }

        return x;
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public void Filter_Should_BeOrthonormal_When_Constructed(string name)
    {
        // Given a wavelet filter
        var f = WaveletFilter.ByName(name);

        // Then Σg = √2, Σg² = 1, Σh = 0, Σh² = 1 and g is orthogonal to its even shifts
        f.Scaling.Sum().Should().BeApproximately(Math.Sqrt(2), 1e-12);
        f.Scaling.Sum(v => v * v).Should().BeApproximately(1, 1e-12);
        f.Wavelet.Sum().Should().BeApproximately(0, 1e-12);
        f.Wavelet.Sum(v => v * v).Should().BeApproximately(1, 1e-12);
        for (var shift = 2; shift < f.Length; shift += 2)
        {
            Enumerable.Range(0, f.Length - shift).Sum(l => f.Scaling[l] * f.Scaling[l + shift]).Should().BeApproximately(0, 1e-12);
        }
    }

    [Fact]
    public void Transform_Should_GiveHandComputedHaarCoefficients_When_SeriesIsTiny()
    {
        // Given x = 1, 3, 2, 6 and the circular Haar MODWT (h̃ = ½, −½; g̃ = ½, ½)
        var r = Modwt.Transform([1, 3, 2, 6], WaveletFilter.Haar, 2, circular: true);

        // Then W1_t = (x_t − x_{t−1})/2, V1_t = (x_t + x_{t−1})/2 (wrapping at t = 0),
        // W2_t = (V1_t − V1_{t−2})/2 and V2_t = (V1_t + V1_{t−2})/2
        r.Details[0].Should().Equal([(1 - 6) / 2.0, 1, -0.5, 2]);
        double[] v1 = [3.5, 2, 2.5, 4];
        r.Details[1].Should().Equal([(v1[0] - v1[2]) / 2, (v1[1] - v1[3]) / 2, (v1[2] - v1[0]) / 2, (v1[3] - v1[1]) / 2]);
        r.Smooth.Should().Equal([3, 3, 3, 3]);
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public void Inverse_Should_ReconstructAndPreserveEnergy_When_TransformIsCircular(string name)
    {
        // Given a random walk of 256 points
        var x = RandomWalk(256, 11);
        var f = WaveletFilter.ByName(name);

        // When transformed to 4 levels and inverted
        var r = Modwt.Transform(x, f, 4, circular: true);
        var back = Modwt.Inverse(r, f);

        // Then the series is reconstructed and ||X||² = Σ||W_j||² + ||V_J||²
        for (var t = 0; t < x.Length; t++)
        {
            back[t].Should().BeApproximately(x[t], 1e-9);
        }

        var energy = r.Details.Sum(w => w.Sum(v => v * v)) + r.Smooth.Sum(v => v * v);
        energy.Should().BeApproximately(x.Sum(v => v * v), 1e-8 * x.Sum(v => v * v));
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public void Transform_Should_BeCausal_When_NotCircular(string name)
    {
        // Given a series and a copy whose values after t0 are replaced
        var f = WaveletFilter.ByName(name);
        var x = RandomWalk(300, 5);
        var y = (double[])x.Clone();
        const int t0 = 200;
        for (var t = t0 + 1; t < y.Length; t++)
        {
            y[t] = 1000 - y[t];
        }

        // When both are transformed causally, and x circularly
        var a = Modwt.Transform(x, f, 4, circular: false);
        var b = Modwt.Transform(y, f, 4, circular: false);
        var c = Modwt.Transform(x, f, 4, circular: true);

        // Then nothing at or before t0 moved, values are NaN before L_j − 1 and equal the circular ones after
        for (var j = 0; j < 4; j++)
        {
            var width = f.EquivalentWidth(j + 1);
            for (var t = 0; t <= t0; t++)
            {
                a.Details[j][t].Should().Be(b.Details[j][t]);
                if (t < width - 1)
                {
                    a.Details[j][t].Should().Be(double.NaN);
                }
                else
                {
                    a.Details[j][t].Should().BeApproximately(c.Details[j][t], 1e-12);
                }
            }
        }

        a.Smooth.AsSpan(0, t0 + 1).ToArray().Should().Equal(b.Smooth.AsSpan(0, t0 + 1).ToArray());
    }
}
