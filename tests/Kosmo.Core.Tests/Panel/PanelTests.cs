using Kosmo.Core;

namespace Kosmo.Core.Tests.Panel;

public sealed class PanelTests
{
    private static readonly DateOnly D0 = new(2024, 1, 2);

    private static Core.Panel Make() => new(
        [D0, D0.AddDays(1), D0.AddDays(2)],
        [new StockInfo("000040", "A", Market.Kospi, "", null, null), new StockInfo("00088K", "B", Market.Kosdaq, "벤처기업부", null, null)]);

    [Fact]
    public void Constructor_Should_FillEveryFieldWithNaN_When_Created()
    {
        var panel = Make();

        foreach (var field in Enum.GetValues<PanelField>())
        {
            panel.Field(field).Should().HaveCount(6).And.OnlyContain(v => float.IsNaN(v));
        }
    }

    [Fact]
    public void Series_Should_BeCodeMajorAndContiguous_When_ValuesAreSet()
    {
        var panel = Make();
        panel.Set(PanelField.Close, 1, 2, 1234f);

        panel.Series(PanelField.Close, 1)[2].Should().Be(1234f);
        panel.Field(PanelField.Close)[1 * 3 + 2].Should().Be(1234f);
        panel.IndexOfCode("00088K").Should().Be(1);
    }

    [Fact]
    public void IndexAtOrBefore_Should_ReturnLastDateNotAfter_When_DateFallsBetweenTradingDays()
    {
        var panel = Make();

        panel.IndexAtOrBefore(D0.AddDays(-1)).Should().Be(-1);
        panel.IndexAtOrBefore(D0.AddDays(1)).Should().Be(1);
        panel.IndexAtOrBefore(D0.AddDays(30)).Should().Be(2);
    }

    [Fact]
    public void Constructor_Should_Throw_When_DatesAreNotIncreasing()
    {
        var act = () => new Core.Panel([D0, D0], [new StockInfo("000040", "A", Market.Kospi, "", null, null)]);

        act.Should().Throw<ArgumentException>().WithMessage("*strictly increasing*");
    }

    [Fact]
    public void IsTrading_Should_BeFalse_When_VolumeIsZeroOrHalted()
    {
        var panel = Make();
        panel.Set(PanelField.Close, 0, 0, 100f);
        panel.Set(PanelField.Volume, 0, 0, 10f);
        panel.Set(PanelField.Close, 0, 1, 100f);
        panel.Set(PanelField.Volume, 0, 1, 0f);
        panel.Set(PanelField.Close, 0, 2, 100f);
        panel.Set(PanelField.Volume, 0, 2, 10f);
        panel.FlagSeries(0)[2] = BarFlags.Halted;

        panel.IsTrading(0, 0).Should().BeTrue();
        panel.IsTrading(0, 1).Should().BeFalse();
        panel.IsTrading(0, 2).Should().BeFalse();
    }
}
