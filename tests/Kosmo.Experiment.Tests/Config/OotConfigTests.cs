using Kosmo.Experiment.Config;
using Kosmo.Core;

namespace Kosmo.Experiment.Tests.Config;

public sealed class OotConfigTests
{
    private const string Valid = "oot:\n  test_from: 2024-07-01\n  test_to: 2025-06-17\n  finetune_from: 2023-12-05\n  finetune_to: 2024-06-30\n  finetune_epochs: 2\n  finetune_learning_rate: 0.0003\n";

    [Fact]
    public void Parse_Should_ReadTheOotSection_When_ItIsGiven()
    {
        var oot = ExperimentConfig.Parse(Valid, "exp.yaml").Single().Oot!;

        oot.TestFrom.Should().Be(new DateOnly(2024, 7, 1));
        oot.TestTo.Should().Be(new DateOnly(2025, 6, 17));
        oot.FinetuneFrom.Should().Be(new DateOnly(2023, 12, 5));
        oot.FinetuneTo.Should().Be(new DateOnly(2024, 6, 30));
        oot.FinetuneEpochs.Should().Be(2);
        oot.FinetuneLearningRate.Should().Be(0.0003);
        oot.FinetuneMaxSamples.Should().BeNull();
        oot.FinetuneValidation.Should().Be(0.25, "the latest quarter of the fine-tune dates is held out by default");
        oot.FinetunePatience.Should().Be(1);
        oot.PanelFrom.Should().Be(new DateOnly(2023, 12, 5), "the panel starts with the fine-tune window by default");
    }

    [Fact]
    public void ToYaml_Should_RoundTripTheOotSection_When_PresentAndOmitIt_When_Absent()
    {
        var with = ExperimentConfig.Parse(Valid, "exp.yaml").Single();
        var without = ExperimentConfig.Parse("seed: 3\n", "exp.yaml").Single();

        ExperimentConfig.Parse(with.ToYaml(), "config.yaml").Single().Oot.Should().Be(with.Oot);
        without.Oot.Should().BeNull();
        without.ToYaml().Split('\n').Should().NotContain(l => l.StartsWith("oot:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("oot:\n  test_to: 2025-06-17\n", "oot.test_from", "required")]
    [InlineData("oot:\n  test_from: 2024-07-01\n  test_to: 2024-06-01\n", "oot.test_to", "before oot.test_from")]
    [InlineData("oot:\n  test_from: 2024-07-01\n  test_to: 2025-06-17\n  finetune_from: 2023-12-05\n  finetune_to: 2024-07-01\n", "oot.finetune_to", "must be before oot.test_from")]
    [InlineData("oot:\n  test_from: 2024-07-01\n  test_to: 2025-06-17\n  finetune_from: 2023-12-05\n", "oot.finetune_to", "both or neither")]
    [InlineData("oot:\n  test_from: 2024-07-01\n  test_to: 2025-06-17\n  data_from: 2024-08-01\n", "oot.data_from", "after the first")]
    [InlineData("oot:\n  test_from: 2024-07-01\n  test_to: 2025-06-17\n  finetune_epochs: 0\n", "oot.finetune_epochs", "outside")]
    [InlineData("oot:\n  test_from: 2024-07-01\n  test_to: 2025-06-17\n  finetune_learning_rate: fast\n", "oot.finetune_learning_rate", "not a number")]
    [InlineData("oot:\n  test_from: 2024-07-01\n  test_to: 2025-06-17\n  finetune_validation: 0.95\n", "oot.finetune_validation", "outside")]
    [InlineData("oot:\n  test_from: 2024-07-32\n  test_to: 2025-06-17\n", "oot.test_from", "not a date")]
    [InlineData("oot: 2024\n", "oot", "must be a mapping")]
    public void Parse_Should_FailFastWithTheKeyPath_When_AnOotValueIsBad(string yaml, string path, string reason)
    {
        var act = () => ExperimentConfig.Parse(yaml, "exp.yaml");

        var error = act.Should().Throw<ConfigException>().Which;
        error.Key.Should().Be(path);
        error.Message.Should().Contain(path).And.Contain(reason);
    }

    [Fact]
    public void Parse_Should_NameTheLine_When_AnOotKeyIsUnknown()
    {
        const string yaml = "seed: 1\noot:\n  test_from: 2024-07-01\n  test_to: 2025-06-17\n  finetune_epoch: 2\n";

        var act = () => ExperimentConfig.Parse(yaml, "exp.yaml");

        var error = act.Should().Throw<ConfigException>().Which;
        error.Line.Should().Be(5);
        error.Key.Should().Be("oot.finetune_epoch");
        error.Message.Should().Contain("unknown key 'oot.finetune_epoch'").And.Contain("finetune_epochs");
    }

    [Fact]
    public void Parse_Should_NameTheLineOfTheBadDate_When_DatesAreOutOfOrder()
    {
        const string yaml = "oot:\n  test_from: 2024-07-01\n  test_to: 2024-06-01\n";

        var act = () => ExperimentConfig.Parse(yaml, "exp.yaml");

        act.Should().Throw<ConfigException>().Which.Line.Should().Be(3);
    }
}
