using Kosmo.Experiment.Config;

namespace Kosmo.Experiment.Tests.Config;

/// <summary>Config errors name the right line and the key path (exit 2 at the entry point).</summary>
public sealed class ConfigLocationTests
{
    private static ConfigException Fail(string yaml)
    {
        var act = () => ExperimentConfig.Parse(yaml, "c.yaml");
        return act.Should().Throw<ConfigException>().Which;
    }

    [Fact]
    public void Parse_Should_NameLineThree_When_ATabIsOnLineThree()
    {
        var e = Fail("seed: 1\nmodel:\n\thidden: 32\n");

        e.Line.Should().Be(3);
        e.Message.Should().Contain("c.yaml:3").And.Contain("tab");
    }

    [Fact]
    public void Parse_Should_LocateHeads_When_HeadsDoNotDivideHidden()
    {
        var e = Fail("seed: 1\nmodel:\n  hidden: 30\n  heads: 4\n");

        e.Line.Should().Be(4);
        e.Key.Should().Be("model.heads");
    }

    [Fact]
    public void Parse_Should_RejectAnEmptyBaselineList_When_Given()
    {
        var e = Fail("seed: 1\nbaselines: []\n");

        e.Line.Should().Be(2);
        e.Key.Should().Be("baselines");
    }

    [Theory]
    [InlineData("model:\n  name: \"\"\n")]
    [InlineData("model:\n  name:\n")]
    public void Parse_Should_RejectAnEmptyModelName_When_Given(string yaml)
    {
        var e = Fail(yaml);

        e.Line.Should().Be(2);
        e.Key.Should().Be("model.name");
    }

    [Theory]
    [InlineData("backtest:\n  account_krw: 1e308\n", "backtest.account_krw")]
    [InlineData("backtest:\n  account_krw: 1e16\n", "backtest.account_krw")]
    [InlineData("backtest:\n  capacity_krw: [1e9, 1e20]\n", "backtest.capacity_krw")]
    public void Parse_Should_RejectMoneyOutsideTheBounds_When_Given(string yaml, string key)
    {
        var e = Fail(yaml);

        e.Line.Should().Be(2);
        e.Key.Should().Be(key);
    }

    [Fact]
    public void LineOf_Should_GiveTheLineOfASplitKey_When_CheckedAfterTheDataLoaded()
    {
        var config = ExperimentConfig.Parse("seed: 1\nsplit:\n  first_test_year: 2030\n", "c.yaml").Single();

        config.LineOf("split.first_test_year").Should().Be(3);
        config.SourceFile.Should().Be("c.yaml");
    }
}
