using System.Text.Json;
using Kosmo.Testing;

namespace Kosmo.Data.Tests.Import;

/// <summary>tests/fixtures/import/expected.json, written by tools/make_import_fixtures.py (pandas).</summary>
internal static class Expected
{
    private static readonly Lazy<JsonElement> _root = new(() =>
        JsonDocument.Parse(File.ReadAllText(TestData.Fixture("import", "expected.json"))).RootElement);

    public static JsonElement Get(string section) => _root.Value.GetProperty(section);

    public static long Long(string section, string key) => Get(section).GetProperty(key).GetInt64();

    public static double Double(string section, string key) => Get(section).GetProperty(key).GetDouble();

    public static string Fixture(string name) => TestData.Fixture("import", name);
}
