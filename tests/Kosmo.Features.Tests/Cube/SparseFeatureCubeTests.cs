using Kosmo.Features.Dataset;
using Kosmo.Features.Labels;
using Kosmo.Features.Splits;
using Kosmo.Features.Tests.Labels;

namespace Kosmo.Features.Tests.Cube;

/// <summary>A sparse cube stores only chosen (stock, date) rows, packed code-major, and reads the rest as missing.</summary>
public sealed class SparseFeatureCubeTests
{
    private static readonly DateOnly[] Dates = [.. Enumerable.Range(0, 8).Select(d => new DateOnly(2020, 1, 1).AddDays(d))];

    /// <summary>2 codes × 8 dates, K = 2; code 0 stores dates 1-3 and 5-7, code 1 stores date 0 only. Value = 100·i + 10·t + k.</summary>
    private static FeatureCube Build()
    {
        var stored = new bool[16];
        foreach (var t in new[] { 1, 2, 3, 5, 6, 7 })
        {
            stored[t] = true;
        }

        stored[8] = true;
        var cube = new FeatureCube(Dates, ["A", "B"], ["x", "y"], stored);
        for (var i = 0; i < 2; i++)
        {
            for (var t = 0; t < 8; t++)
            {
                for (var k = 0; k < 2 && cube.Contains(i, t); k++)
                {
                    cube.Set(i, t, k, (100 * i) + (10 * t) + k);
                }
            }
        }

        return cube;
    }

    [Fact]
    public void Offset_Should_PackStoredRowsCodeMajor_When_TheCubeIsSparse()
    {
        // Given / When
        var cube = Build();

        // Then 7 rows × 2 features are stored in (code, date) order, and values round-trip
        cube.IsDense.Should().BeFalse();
        cube.StoredRows.Should().Be(7);
        cube.Values.Should().Equal(10, 11, 20, 21, 30, 31, 50, 51, 60, 61, 70, 71, 100, 101);
        cube.Offset(0, 5).Should().Be(6);
        cube.Offset(1, 0).Should().Be(12);
        cube.Get(0, 6, 1).Should().Be(61);
    }

    [Fact]
    public void Get_Should_ReadMissing_When_TheRowIsNotStored()
    {
        // Given
        var cube = Build();

        // When / Then: unstored rows read NaN, and writing or locating them is refused
        cube.Contains(0, 4).Should().BeFalse();
        float.IsNaN(cube.Get(0, 4, 0)).Should().BeTrue();
        float.IsNaN(cube.Get(1, 3, 1)).Should().BeTrue();
        cube.Invoking(c => c.Set(0, 0, 0, 1f)).Should().Throw<ArgumentOutOfRangeException>();
        cube.Invoking(c => c.Offset(1, 1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Window_Should_ReturnTheContiguousRows_When_AllAreStoredAndRefuseAGap()
    {
        // Given
        var cube = Build();

        // When / Then: dates 5-7 are one stored run; dates 3-5 straddle the missing date 4
        cube.HasWindow(0, 7, 3).Should().BeTrue();
        cube.Window(0, 7, 3).ToArray().Should().Equal(50, 51, 60, 61, 70, 71);
        cube.HasWindow(0, 3, 3).Should().BeTrue();
        cube.HasWindow(0, 5, 3).Should().BeFalse();
        cube.HasWindow(0, 5, 1).Should().BeTrue();
        cube.HasWindow(1, 1, 2).Should().BeFalse();
        cube.Invoking(c => c.Window(0, 5, 3)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Constructor_Should_Throw_When_TheMaskHasTheWrongSize()
    {
        // Given / When / Then
        var act = () => new FeatureCube(Dates, ["A", "B"], ["x"], new bool[15]);
        act.Should().Throw<ArgumentException>().WithMessage("*16*");
    }

    [Fact]
    public void WindowDataset_Should_DropSamples_When_TheSparseCubeLacksTheirWindow()
    {
        // Given a realistic panel whose cube stores only the second half of each stock's dates
        var panel = TestPanels.Gbm(seed: 8, stocks: 4, days: 120);
        var labels = new FixedHorizonLabeler(new FixedHorizonOptions(Horizon: 5)).Compute(panel);
        var T = panel.DateCount;
        var stored = Enumerable.Range(0, 4 * T).Select(c => c % T >= 60).ToArray();
        var cube = new FeatureCube(panel.Dates, panel.Codes, ["one"], stored);
        Array.Fill(cube.Values, 1f);
        var samples = LabeledSamples.FromLabels(labels);
        var all = samples.Select(Enumerable.Range(0, samples.Count).ToArray());

        // When a 10-day window dataset is built on every labelled sample
        var ds = new WindowDataset(cube, labels, all, null, null, new DatasetOptions(Lookback: 10, BatchSize: 16));

        // Then exactly the samples whose window starts before date 60 are dropped as not stored, and batches read the rest
        var expectedDropped = all.Count(s => s.T >= 9 && s.T - 9 < 60);
        ds.Excluded.GetValueOrDefault("not_stored").Should().Be(expectedDropped);
        ds.Count.Should().Be(all.Count(s => s.T - 9 >= 60));
        Enumerable.Range(0, ds.Count).Should().OnlyContain(j => ds.Sample(j).T >= 69);
        ds.Batches(0).First().X.Take(16 * 10).Should().OnlyContain(v => v == 1f);
    }
}
