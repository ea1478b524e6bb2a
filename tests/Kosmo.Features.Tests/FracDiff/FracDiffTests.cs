using System.Globalization;
using Kosmo.Features.FracDiff;
using Kosmo.Testing;

namespace Kosmo.Features.Tests.FracDiff;

public sealed class FracDiffTests
{
    private static Dictionary<string, double[]> Series()
    {
        var lines = File.ReadAllLines(TestData.Fixture("features", "adf_series.csv"));
        var header = lines[0].Split(',');
        var columns = header.ToDictionary(h => h, _ => new List<double>());
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            for (var c = 0; c < header.Length; c++)
            {
                if (cells[c].Length > 0)
                {
                    columns[header[c]].Add(double.Parse(cells[c], CultureInfo.InvariantCulture));
                }
            }
        }

        return columns.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }

    [Fact]
    public void Weights_Should_MatchHandComputedValues_When_DIsHalf()
    {
        // Given d = 0.5: w0 = 1, w1 = −d, w2 = d(d−1)/2, w3 = −d(d−1)(d−2)/6
        var w = FractionalDifference.Weights(0.5, 1e-4);

        // Then
        w[0].Should().Be(1);
        w[1].Should().Be(-0.5);
        w[2].Should().BeApproximately(0.5 * -0.5 / 2, 1e-15);
        w[3].Should().BeApproximately(-0.5 * -0.5 * -1.5 / 6, 1e-15);
        w.Should().OnlyContain(v => Math.Abs(v) >= 1e-4);
        Math.Abs(-w[^1] * (0.5 - w.Length + 1) / w.Length).Should().BeLessThan(1e-4, "the next weight falls below the threshold");
    }

    [Fact]
    public void Weights_Should_BeFirstDifference_When_DIsOne()
    {
        // Given d = 1 the weights are 1, −1 (w2 = 0 is below any threshold)
        FractionalDifference.Weights(1, 1e-4).Should().Equal([1, -1]);
        FractionalDifference.Weights(0, 1e-4).Should().Equal([1]);
    }

    [Fact]
    public void Apply_Should_MatchNumpyReference_When_AppliedToRealLogPrices()
    {
        // Given the real fixture's FFD computed in numpy (tools/features_adf_reference.py) and our weights
        var expected = Series()["ffd"];
        var w = FractionalDifference.Weights(0.4, 1e-4);
        w.Length.Should().Be(282);
        var lines = File.ReadAllLines(TestData.Fixture("features", "yahoo_kosdaq_slice.csv")).Skip(1).Select(l => l.Split(','))
            .Where(c => c[0] == "000250" && double.Parse(c[7], CultureInfo.InvariantCulture) > 0 && double.Parse(c[5], CultureInfo.InvariantCulture) > 0);
        var logPrice = lines.Select(c => Math.Log((float)double.Parse(c[6], CultureInfo.InvariantCulture))).ToArray();

        // When FFD is applied
        var ffd = FractionalDifference.Apply(logPrice, w);

        // Then it matches after the warm-up, and is NaN during it
        ffd.Take(w.Length - 1).Should().OnlyContain(v => double.IsNaN(v));
        ffd.Skip(w.Length - 1).Should().HaveCount(expected.Length);
        for (var k = 0; k < expected.Length; k++)
        {
            ffd[w.Length - 1 + k].Should().BeApproximately(expected[k], 1e-10);
        }
    }

    [Theory]
    [InlineData("ar1")]
    [InlineData("rw")]
    [InlineData("ffd")]
    public void Run_Should_MatchNumpyOlsReference_When_GivenFixtureSeries(string name)
    {
        // Given a series and the numpy ADF reference rows (fixed lag 2, and AIC up to 8)
        var y = Series()[name];
        var rows = File.ReadAllLines(TestData.Fixture("features", "adf_reference.csv")).Skip(1).Select(l => l.Split(',')).Where(c => c[0] == name);
        foreach (var c in rows)
        {
            var autolag = bool.Parse(c[1]);
            var maxlag = int.Parse(c[2], CultureInfo.InvariantCulture);

            // When the C# ADF runs with the same settings
            var result = AdfTest.Run(y, maxlag, autolag);

            // Then lag, observations, statistic, critical value and p-value agree
            result.Lags.Should().Be(int.Parse(c[3], CultureInfo.InvariantCulture));
            result.Observations.Should().Be(int.Parse(c[4], CultureInfo.InvariantCulture));
            result.Statistic.Should().BeApproximately(double.Parse(c[5], CultureInfo.InvariantCulture), 1e-8);
            result.Critical5.Should().BeApproximately(double.Parse(c[6], CultureInfo.InvariantCulture), 1e-9);
            result.PValue.Should().BeApproximately(double.Parse(c[7], CultureInfo.InvariantCulture), 1e-7);
        }
    }

    [Fact]
    public void Run_Should_RejectUnitRootOnlyForStationarySeries_When_ComparingAr1AndRandomWalk()
    {
        // Given an AR(1) with φ = 0.9 and a random walk
        var s = Series();

        // Then the AR(1) is stationary at 5% and the random walk is not
        AdfTest.Run(s["ar1"], 8).IsStationaryAt5.Should().BeTrue();
        AdfTest.Run(s["rw"], 8).IsStationaryAt5.Should().BeFalse();
    }

    [Fact]
    public void MinimumD_Should_FindAFractionalOrder_When_GivenARandomWalkLogPrice()
    {
        // Given a random-walk log price (non-stationary at d = 0)
        var rw = Series()["rw"].Select(v => v * 0.01 + 8).ToArray();

        // When the minimum d is searched on a 0.05 grid
        var found = FracDiffSearch.MinimumD(rw, 0.05, 1e-2, maxLag: 4);

        // Then it exists, lies in (0, 1], passes ADF, and the grid point below it does not
        found.Should().NotBeNull();
        var (d, adf) = found!.Value;
        d.Should().BeGreaterThan(0).And.BeLessThanOrEqualTo(1);
        adf.IsStationaryAt5.Should().BeTrue();
        var below = FractionalDifference.Weights(d - 0.05, 1e-2);
        var ffd = FractionalDifference.Apply(rw, below).Skip(below.Length - 1).ToArray();
        AdfTest.Run(ffd, 4).IsStationaryAt5.Should().BeFalse();
    }
}
