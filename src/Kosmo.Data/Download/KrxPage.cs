using System.Text.Json;

namespace Kosmo.Data.Download;

/// <summary>Reads a KRX Open API JSON page: <c>{"OutBlock_1": [ {"BAS_DD": "20250102", ...}, ... ]}</c>.</summary>
internal static class KrxPage
{
    /// <summary>The rows of the page (empty on holidays).</summary>
    /// <exception cref="DownloadException">The body is not such a page (the message quotes its start and any respCode/respMsg).</exception>
    public static IReadOnlyList<KrxRow> Parse(string body, Uri url)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new DownloadException($"{url}: the answer is not JSON ({e.Message}); it starts '{Start(body)}'", e);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("OutBlock_1", out var block) || block.ValueKind != JsonValueKind.Array)
            {
                throw new DownloadException($"{url}: the answer has no OutBlock_1 array; it starts '{Start(body)}'");
            }

            var rows = new List<KrxRow>(block.GetArrayLength());
            foreach (var item in block.EnumerateArray())
            {
                var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var p in item.EnumerateObject())
                {
                    fields[p.Name] = p.Value.ValueKind switch
                    {
                        JsonValueKind.String => p.Value.GetString()!,
                        JsonValueKind.Null => "",
                        _ => p.Value.GetRawText(),
                    };
                }

                rows.Add(new KrxRow(fields));
            }

            return rows;
        }
    }

    private static string Start(string body) => body.Length <= 160 ? body : body[..160] + "...";
}
