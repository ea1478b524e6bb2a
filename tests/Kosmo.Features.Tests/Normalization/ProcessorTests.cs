using Kosmo.Features.Normalization;

namespace Kosmo.Features.Tests.Normalization;

public sealed class ProcessorTests
{
    private static readonly DateOnly[] _dates = [.. Enumerable.Range(0, 10).Select(d => new DateOnly(2024, 1, 1).AddDays(d))];

    // Two stocks, two features: a = t + 10 i, b = NaN on even days.
    private static FeatureCube Cube()
    {
        var cube = new FeatureCube(_dates, ["A", "B"], ["a", "b"]);
        for (var i = 0; i < 2; i++)
        {
            for (var t = 0; t < _dates.Length; t++)
            {
                cube.Set(i, t, 0, t + 10 * i);
                cube.Set(i, t, 1, t % 2 == 0 ? float.NaN : t);
            }
        }

        return cube;
    }

    private static readonly DateWindow _train = new(_dates[0], _dates[4]);

    public static TheoryData<string> Processors => new() { "zscore", "robust", "fill" };

    private static IFeatureProcessor Make(string name) => name switch
    {
        "zscore" => new ZScoreProcessor(),
        "robust" => new RobustScaler(),
        _ => new NanFillProcessor(useMedian: true),
    };

    [Theory]
    [MemberData(nameof(Processors))]
    public void Fit_Should_IgnoreDataOutsideTheWindow_When_ThoseValuesChange(string name)
    {
        // Given two cubes that differ only after the training window
        var a = Cube();
        var b = Cube();
        for (var t = 5; t < _dates.Length; t++)
        {
            b.Set(0, t, 0, 1e6f);
            b.Set(1, t, 1, -1e6f);
        }

        // When a processor is fitted on each and applied to the same cube
        var pa = Make(name);
        var pb = Make(name);
        pa.Fit(a, _train);
        pb.Fit(b, _train);
        var ta = Cube();
        var tb = Cube();
        pa.Transform(ta);
        pb.Transform(tb);

        // Then the outputs are identical: the statistics saw only the window
        ta.Values.Should().Equal(tb.Values);
    }

    [Fact]
    public void ZScore_Should_UseTrainMeanAndStd_When_Fitted()
    {
        // Given feature a on the window: values 0..4 and 10..14 (mean 7, population std √(2+25) = √27)
        var cube = Cube();
        var z = new ZScoreProcessor(["a"]);
        z.Fit(cube, _train);

        // When transformed
        z.Transform(cube);

        // Then a = (x − 7)/√27 and b is untouched
        z.Statistics(0).Mean.Should().BeApproximately(7, 1e-12);
        z.Statistics(0).Std.Should().BeApproximately(Math.Sqrt(27), 1e-12);
        cube.Get(1, 9, 0).Should().BeApproximately((float)((19 - 7) / Math.Sqrt(27)), 1e-6f);
        cube.Get(0, 3, 1).Should().Be(3f);
    }

    [Fact]
    public void RobustScaler_Should_UseMedianAndIqr_When_Fitted()
    {
        // Given b on the window: odd days 1, 3 for both stocks → sorted 1, 1, 3, 3: median 2, IQR 3 − 1 = 2 (linear interpolation)
        var cube = Cube();
        var r = new RobustScaler(["b"]);
        r.Fit(cube, _train);
        r.Transform(cube);

        // Then b = (x − 2)/2 and NaN stays NaN
        r.Statistics(0).Should().Be((2.0, 2.0));
        cube.Get(0, 9, 1).Should().Be(3.5f);
        cube.Get(0, 2, 1).Should().Be(float.NaN);
    }

    [Fact]
    public void NanFill_Should_FillWithTrainMedian_When_UseMedian()
    {
        var cube = Cube();
        var f = new NanFillProcessor(["b"], useMedian: true);
        f.Fit(cube, _train);
        f.Transform(cube);
        cube.Get(1, 8, 1).Should().Be(2f);
        cube.Values.Should().NotContain(float.NaN);
    }

    [Fact]
    public void Transform_Should_Throw_When_NotFitted()
    {
        var act = () => new ZScoreProcessor().Transform(Cube());
        act.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Fit_Should_ThrowNamingTheFeature_When_FeatureIsUnknown()
    {
        var act = () => new ZScoreProcessor(["nope"]).Fit(Cube(), _train);
        act.Should().Throw<ArgumentException>().WithMessage("*'nope'*");
    }
}
