using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Kosmo.Experiment.Config;

/// <summary>Writes <see cref="DateOnly"/> as yyyy-MM-dd in the resolved config.</summary>
internal sealed class DateOnlyYamlConverter : IYamlTypeConverter
{
    public bool Accepts(Type type) => type == typeof(DateOnly) || type == typeof(DateOnly?);

    public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
    {
        var scalar = parser.Consume<Scalar>();
        return DateOnly.ParseExact(scalar.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer)
    {
        var text = value is DateOnly d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "null";
        emitter.Emit(new Scalar(text));
    }
}
