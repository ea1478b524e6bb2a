namespace Kosmo.Data.Download;

/// <summary>One object of a KRX Open API page's <c>OutBlock_1</c> array: field name → text as sent.</summary>
internal sealed class KrxRow(IReadOnlyDictionary<string, string> fields)
{
    /// <summary>The text of a field, trimmed ("" when absent or null).</summary>
    public string Text(string field) => fields.TryGetValue(field, out var v) ? v.Trim() : "";

    /// <summary>
    /// A number written with thousands commas ("53,400", "-0.19"), or null when empty or "-" (KRX's "no value").
    /// </summary>
    /// <exception cref="FormatException">Not a number (the message names the field and the text).</exception>
    public decimal? Number(string field)
    {
        var text = Text(field).Replace(",", "", StringComparison.Ordinal);
        if (text.Length == 0 || text == "-")
        {
            return null;
        }

        return decimal.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new FormatException($"field {field}: '{Text(field)}' is not a number");
    }
}
