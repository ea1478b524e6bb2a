using Kosmo.Core.IO;
using Kosmo.Models.RunFolder;

namespace Kosmo.Experiment.Tests.Stages;

/// <summary>The predictions one stage hands to the next: read-only, and a later stage adds models to a copy.</summary>
public sealed class ModelPredictionsTests
{
    private static PredictionRecord Row(string model, int day) => new(new DateOnly(2024, 1, day), "000001", model, 0.2f, 0.3f, 0.5f);

    [Fact]
    public void Of_Should_HandOnReadOnlyRows_When_TheTrainStageEnds()
    {
        // Given the train stage's own lists
        var own = new Dictionary<string, List<PredictionRecord>>(StringComparer.Ordinal) { ["a"] = [Row("a", 2)], ["b"] = [Row("b", 2)] };

        // When they are handed on
        var handed = ModelPredictions.Of(own);

        // Then neither the dictionary nor a model's rows accept writes, and the order is the producer's
        handed.Keys.Should().Equal("a", "b");
        var rows = (IList<PredictionRecord>)handed["a"];
        var add = () => rows.Add(Row("a", 3));
        var addModel = () => ((IDictionary<string, IReadOnlyList<PredictionRecord>>)handed).Add("c", []);
        add.Should().Throw<NotSupportedException>();
        addModel.Should().Throw<NotSupportedException>();
    }

    [Fact]
    public void With_Should_LeaveTheInputUnchanged_When_AStageAddsModels()
    {
        // Given the trained models' predictions
        var trained = ModelPredictions.Of(new Dictionary<string, List<PredictionRecord>>(StringComparer.Ordinal) { ["a"] = [Row("a", 2)], ["b"] = [Row("b", 2)] });

        // When a later stage adds one model and replaces another
        var evaluated = ModelPredictions.With(trained, [
            KeyValuePair.Create<string, IReadOnlyList<PredictionRecord>>("ensemble", [Row("ensemble", 2)]),
            KeyValuePair.Create<string, IReadOnlyList<PredictionRecord>>("a", [Row("a", 4)]),
        ]);

        // Then the new set keeps the replaced model's place and appends the new one, and the input is as it was
        evaluated.Keys.Should().Equal("a", "b", "ensemble");
        evaluated["a"].Single().Date.Day.Should().Be(4);
        trained.Keys.Should().Equal("a", "b");
        trained["a"].Single().Date.Day.Should().Be(2);
    }
}
