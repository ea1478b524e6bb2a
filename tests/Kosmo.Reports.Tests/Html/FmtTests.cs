using Kosmo.Reports.Html;

namespace Kosmo.Reports.Tests.Html;

public class FmtTests
{
    [Fact]
    public void Pct_Should_ShowPercentWithTrueMinus_When_GivenFractions()
    {
        Fmt.Pct(0.1234).Should().Be("12.34%");
        Fmt.Pct(-0.05).Should().Be("−5.00%");
        Fmt.Pct(0.123, 1).Should().Be("12.3%");
    }

    [Fact]
    public void Formatters_Should_ShowDash_When_ValueIsMissing()
    {
        Fmt.Pct(null).Should().Be("–");
        Fmt.Pct(double.NaN).Should().Be("–");
        Fmt.Num(double.PositiveInfinity).Should().Be("–");
        Fmt.Krw(double.NaN).Should().Be("–");
    }

    [Fact]
    public void Krw_Should_UseThousandsSeparators_When_FormattingWon()
    {
        Fmt.Krw(1234567.8).Should().Be("₩1,234,568");
        Fmt.Krw(-5000).Should().Be("−₩5,000");
        Fmt.Krw(100_000_000).Should().Be("₩100,000,000");
    }

    [Theory]
    [InlineData(1e8, "₩100M")]
    [InlineData(5e9, "₩5B")]
    [InlineData(2.5e12, "₩2.5T")]
    [InlineData(12_000, "₩12K")]
    [InlineData(0, "₩0")]
    [InlineData(-3e7, "−₩30M")]
    public void KrwShort_Should_UseMetricSuffixes_When_LabellingAxes(double value, string expected)
    {
        Fmt.KrwShort(value).Should().Be(expected);
    }
}
