using System.Globalization;
using Kosmo.Features.Pipeline;
using Kosmo.Testing;

namespace Kosmo.Features.Tests.Pipeline;

public sealed class ReferenceFeatureTests
{
    [Fact]
    public void Compute_Should_MatchPandasReference_When_RunOnTheRealFixture()
    {
        // Given the real 8-code KOSDAQ fixture and independent pandas values (tools/features_reference.py)
        var panel = TestPanels.YahooFixture();
        var cube = new FeaturePipeline(FeatureSet.Parse(
            "returns", "vol", "rsi", "macd", "bollinger", "liquidity", "range", "age", "index:KOSDAQ")).Compute(panel);
        var lines = File.ReadAllLines(TestData.Fixture("features", "reference_features.csv"));
        var header = lines[0].Split(',');

        // When every reference cell is compared with the cube
        var compared = 0;
        var failures = new List<string>();
        foreach (var line in lines.Skip(1))
        {
            var c = line.Split(',');
            var i = panel.IndexOfCode(c[0]);
            var t = panel.IndexOfDate(DateOnly.Parse(c[1], CultureInfo.InvariantCulture));
            for (var col = 2; col < header.Length; col++)
            {
                var k = cube.IndexOf(header[col]);
                k.Should().BeGreaterThanOrEqualTo(0, header[col]);
                var actual = cube.Get(i, t, k);
                if (c[col].Length == 0)
                {
                    if (!float.IsNaN(actual))
                    {
                        failures.Add($"{header[col]} {c[0]} {c[1]}: expected NaN, got {actual}");
                    }

                    continue;
                }

                var expected = double.Parse(c[col], CultureInfo.InvariantCulture);
                compared++;
                if (!(Math.Abs(actual - expected) <= 2e-5 + 2e-4 * Math.Abs(expected)))
                {
                    failures.Add($"{header[col]} {c[0]} {c[1]}: expected {expected}, got {actual}");
                }
            }
        }

        // Then all agree to float precision, NaN pattern included
        failures.Should().BeEmpty(string.Join("\n", failures.Take(20)));
        compared.Should().BeGreaterThan(50_000);
    }
}
