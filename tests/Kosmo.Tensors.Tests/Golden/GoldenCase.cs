using System.Text.Json;
using Kosmo.Testing;
using Kosmo.Tensors;

namespace Kosmo.Tensors.Tests.Golden;

/// <summary>One case of tests/fixtures/tensors/ops_golden.json (written by tools/golden/ops_golden.py).</summary>
internal sealed class GoldenCase
{
    private static readonly Lazy<Dictionary<string, GoldenCase>> _all = new(Load);

    private GoldenCase(JsonElement e) => Element = e;

    public JsonElement Element { get; }

    public string Op => Element.GetProperty("op").GetString()!;

    public static IEnumerable<string> Names(Func<string, bool> opFilter) =>
        _all.Value.Values.Where(c => opFilter(c.Op)).Select(c => c.Element.GetProperty("name").GetString()!);

    public static GoldenCase Get(string name) => _all.Value[name];

    public Tensor Input(string name) => ToTensor(Element.GetProperty("inputs").GetProperty(name));

    public Tensor Tensor(string section, string name) => ToTensor(Element.GetProperty(section).GetProperty(name));

    public Tensor TensorAt(string section) => ToTensor(Element.GetProperty(section));

    public int[] Ints(string name) => Element.GetProperty("ints").GetProperty(name).EnumerateArray().Select(v => v.GetInt32()).ToArray();

    public int Attr(string name) => Element.GetProperty("attrs").GetProperty(name).GetInt32();

    public double AttrDouble(string name) => Element.GetProperty("attrs").GetProperty(name).GetDouble();

    public float[]? AttrFloats(string name) =>
        Element.GetProperty("attrs").TryGetProperty(name, out var v) ? v.EnumerateArray().Select(x => x.GetSingle()).ToArray() : null;

    public IEnumerable<string> GradNames() => Element.GetProperty("grads").EnumerateObject().Select(p => p.Name);

    public static Tensor ToTensor(JsonElement t)
    {
        var shape = t.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var data = t.GetProperty("data").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        return new Tensor(data, shape);
    }

    /// <summary>|actual − expected| ≤ 1e-4·|expected| + 1e-5 elementwise, shapes equal.</summary>
    public static void ShouldMatch(float[] actual, Tensor expected, string what)
    {
        actual.Length.Should().BeGreaterThanOrEqualTo(expected.Size, what);
        for (var i = 0; i < expected.Size; i++)
        {
            var e = expected.Data[i];
            Math.Abs(actual[i] - e).Should().BeLessThanOrEqualTo((1e-4f * Math.Abs(e)) + 1e-5f, $"{what}[{i}]: expected {e}, got {actual[i]}");
        }
    }

    private static Dictionary<string, GoldenCase> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestData.Fixture("tensors", "ops_golden.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray()
            .Select(e => new GoldenCase(e.Clone()))
            .ToDictionary(c => c.Element.GetProperty("name").GetString()!);
    }
}
