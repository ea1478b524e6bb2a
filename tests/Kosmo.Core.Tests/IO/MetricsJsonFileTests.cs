using System.Text.Json.Nodes;
using Kosmo.Core.IO;

namespace Kosmo.Core.Tests.IO;

public sealed class MetricsJsonFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kosmo-metrics-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) { Directory.Delete(_dir, recursive: true); }
    }

    [Fact]
    public void Update_Should_KeepOtherSectionsAndWriteIndentedWithNewlines_When_MergingOneSection()
    {
        // Given a metrics.json with two sections
        var path = Path.Combine(_dir, "metrics.json");
        MetricsJsonFile.Update(path, r => r["models"] = new JsonObject { ["tft"] = 0.5 });
        MetricsJsonFile.Update(path, r => r["pbo"] = new JsonObject { ["pbo"] = 0.25 });

        // When one section is replaced
        MetricsJsonFile.Update(path, r => r["models"] = new JsonObject { ["tft"] = 0.75 });

        // Then the other stays, the order is kept, and the text is indented with "\n" and a final newline
        File.ReadAllText(path).Should().Be("{\n  \"models\": {\n    \"tft\": 0.75\n  },\n  \"pbo\": {\n    \"pbo\": 0.25\n  }\n}\n");
    }

    [Fact]
    public void Update_Should_PutTheNamedSectionsFirst_When_GivenAnOrder()
    {
        var path = Path.Combine(_dir, "metrics.json");
        MetricsJsonFile.Update(path, r =>
        {
            r["pbo"] = 1;
            r["timing"] = 2;
            r["data"] = 3;
        });

        MetricsJsonFile.Update(path, r => r["models"] = 4, ["data", "models", "timing"]);

        MetricsJsonFile.Read(path).Select(p => p.Key).Should().Equal("data", "models", "timing", "pbo");
    }

    [Fact]
    public void Read_Should_NameTheFileAndLine_When_TheFileIsNotValidJson()
    {
        var path = Path.Combine(_dir, "metrics.json");
        Directory.CreateDirectory(_dir);
        File.WriteAllText(path, "{\n  \"data\": [1,\n");

        var act = () => MetricsJsonFile.Update(path, r => r["x"] = 1);

        act.Should().Throw<DataValidationException>().Where(e => e.Message.Contains("metrics.json", StringComparison.Ordinal) && e.Line >= 2);
        File.ReadAllText(path).Should().Be("{\n  \"data\": [1,\n", "nothing is written over a file that cannot be read");
    }
}
