using Kosmo.Core;
using Kosmo.Features.Pipeline;
using Kosmo.Data.Synthetic;
using Kosmo.Testing;

namespace Kosmo.Features.Tests.Pipeline;

public sealed class FeaturePipelineTests
{
    [Fact]
    public void Compute_Should_GiveBitwiseIdenticalCubes_When_ThreadCountDiffers()
    {
        // Given a generated panel and the default set
        var panel = SyntheticPanel.Generate(30, 400, seed: 5);
        var pipeline = new FeaturePipeline(FeatureSet.Default());

        // When computed on 1 and 4 threads
        var one = pipeline.Compute(panel, maxThreads: 1);
        var four = pipeline.Compute(panel, maxThreads: 4);

        // Then the cubes are identical byte for byte and have the expected shape
        one.Values.AsSpan().SequenceEqual(four.Values).Should().BeTrue();
        one.Names.Should().Equal(pipeline.Names);
        panel.DateCount.Should().Be(400);
        one.Values.Length.Should().Be(panel.CodeCount * 400 * pipeline.Names.Length);
    }

    [Fact]
    public void Default_Should_ListEveryDocumentedFeature_When_Created()
    {
        // Given the default set
        var names = FeatureSet.Default().Names;

        // Then it has the documented groups with unique names
        names.Should().OnlyHaveUniqueItems();
        names.Should().Contain(["ret_1d", "ret_120d", "mom_12_1", "vol_20d", "vol_60d", "rsi_14", "macd_hist", "bb_pctb", "bb_width",
            "volume_z", "value_z", "turnover", "amihud", "dist_52w_high", "dist_52w_low", "gap", "range", "limit_up", "limit_down",
            "years_listed", "wav_haar_d1", "wav_la8_s4", "wav_la8_e4", "ffd_0.40", "kosdaq_ret_20d", "kospi_vol_20d",
            "breadth_up", "breadth_above_ma50", "vix", "vix_chg_5d"]);
    }

    [Theory]
    [InlineData("nosuch")]
    [InlineData("rsi:abc")]
    [InlineData("wavelet:db99")]
    [InlineData("index")]
    public void Parse_Should_ThrowNamingTheSpec_When_SpecIsBad(string spec)
    {
        // When a bad spec is parsed
        var act = () => FeatureSet.Parse(spec);

        // Then the error names it
        act.Should().Throw<ArgumentException>().WithMessage($"*'{spec}'*");
    }

    [Fact]
    public void Constructor_Should_Throw_When_TwoGroupsProduceTheSameName()
    {
        var act = () => new FeaturePipeline(FeatureSet.Parse("rsi:14", "rsi:14"));
        act.Should().Throw<ArgumentException>().WithMessage("*rsi_14*");
    }

    [Fact]
    public void Summary_Should_CountCellsFromFirstToLastBar_When_StockIsHalted()
    {
        // Given one stock with 5 bars, one halted
        var panel = TestPanels.SingleStock([100, 101, double.NaN, 103, 104]);
        var cube = new FeaturePipeline(FeatureSet.Parse("returns:1", "age")).Compute(panel);

        // When summarised
        var summary = FeatureSummary.From(cube, panel);

        // Then ret_1d has 3 finite of 5 cells (first day and halted day NaN) with the right mean, and per-year rows exist
        var ret = summary.Overall.Single(s => s.Name == "ret_1d");
        ret.Cells.Should().Be(5);
        ret.Finite.Should().Be(3);
        ret.NanShare.Should().BeApproximately(0.4, 1e-12);
        ret.Mean.Should().BeApproximately(Math.Log(104 / 100.0) / 3, 1e-6);
        summary.ByYear.Should().Contain(s => s.Name == "years_listed" && s.Year == 2020 && s.Finite == 5);
    }

    [RealDataFact]
    public void Compute_Should_GivePlausibleFeatures_When_RunOnRealKosdaqData()
    {
        // Given the first 20 codes of the real Yahoo KOSDAQ file, streamed
        var panel = TestPanels.YahooGz(TestData.Krx("yahoo_ohlcv_kosdaq_2000-2017.csv.gz"), 20);
        panel.CodeCount.Should().Be(20);

        // When all per-stock features are computed
        var cube = new FeaturePipeline(FeatureSet.Default()).Compute(panel);
        var summary = FeatureSummary.From(cube, panel).Overall.ToDictionary(s => s.Name);

        // Then per-stock features cover most listed days and have plausible ranges
        summary["ret_1d"].NanShare.Should().BeLessThan(0.1);
        summary["rsi_14"].Mean.Should().BeInRange(35, 65);
        summary["vol_20d"].Mean.Should().BeInRange(0.2, 1.5, "annualised volatility of KOSDAQ stocks");
        summary["dist_52w_high"].Mean.Should().BeLessThan(0);
        summary["limit_up"].Mean.Should().BeInRange(0.001, 0.05);
        summary["wav_la8_d1"].Finite.Should().BeGreaterThan(50_000);
        summary["kosdaq_ret_1d"].Finite.Should().Be(0, "the panel has no index series");
        var rsi = cube.IndexOf("rsi_14");
        Enumerable.Range(0, panel.CodeCount).SelectMany(i => Enumerable.Range(0, panel.DateCount).Select(t => cube.Get(i, t, rsi)))
            .Where(float.IsFinite).Should().OnlyContain(v => v >= 0 && v <= 100);
    }
}
