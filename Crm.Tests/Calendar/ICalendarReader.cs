using System.Text;

namespace Crm.Tests.Calendar;

/// <summary>
/// A strict reader of the iCalendar the feed writes (RFC 5545 §3.1): CRLF line ends, no physical line over 75 octets,
/// folded lines unfolded, components nested and closed, TEXT values unescaped. It fails on what a phone would reject.
/// </summary>
public static class ICalendarReader
{
    public sealed record Component(string Name, List<(string Name, string Parameters, string Value)> Properties, List<Component> Children)
    {
        public string? this[string property] => Properties.FirstOrDefault(p => p.Name == property).Value;
    }

    public static Component Parse(string text)
    {
        Assert.That(text, Does.EndWith("\r\n"), "content lines end in CRLF");
        var physical = text[..^2].Split("\r\n");
        Assert.That(physical.Where(l => l.Contains('\n') || l.Contains('\r')), Is.Empty, "no bare CR or LF");
        Assert.That(physical.Where(l => Encoding.UTF8.GetByteCount(l) > 75), Is.Empty, "folded at 75 octets");
        var lines = new List<string>();
        foreach (var line in physical)
        {
            if (line.StartsWith(' ') || line.StartsWith('\t'))
            {
                Assert.That(lines, Is.Not.Empty, "a continuation follows a line");
                lines[^1] += line[1..];
            }
            else
            {
                lines.Add(line);
            }
        }

        var stack = new Stack<Component>();
        Component? root = null;
        foreach (var line in lines)
        {
            var colon = IndexOfUnquoted(line, ':');
            Assert.That(colon, Is.GreaterThan(0), $"name:value in '{line}'");
            var head = line[..colon];
            var value = line[(colon + 1)..];
            var semicolon = head.IndexOf(';');
            var name = semicolon < 0 ? head : head[..semicolon];
            var parameters = semicolon < 0 ? "" : head[(semicolon + 1)..];
            Assert.That(name, Does.Match("^[A-Z0-9-]+$"), "property names");
            if (name == "BEGIN")
            {
                var component = new Component(value, [], []);
                if (stack.TryPeek(out var parent))
                {
                    parent.Children.Add(component);
                }
                else
                {
                    Assert.That(root, Is.Null, "one calendar");
                    root = component;
                }
                stack.Push(component);
            }
            else if (name == "END")
            {
                Assert.That(stack.Pop().Name, Is.EqualTo(value), "components close in order");
            }
            else
            {
                stack.Peek().Properties.Add((name, parameters, name is "URL" ? value : Unescape(value)));
            }
        }
        Assert.That(stack, Is.Empty, "every component closed");
        Assert.That(root!.Name, Is.EqualTo("VCALENDAR"));
        Assert.That(root["VERSION"], Is.EqualTo("2.0"));
        Assert.That(root["PRODID"], Is.Not.Empty);
        return root;
    }

    private static int IndexOfUnquoted(string line, char c)
    {
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                quoted = !quoted;
            }
            else if (line[i] == c && !quoted)
            {
                return i;
            }
        }
        return -1;
    }

    private static string Unescape(string value)
    {
        var s = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\')
            {
                Assert.That(value[i], Is.Not.AnyOf(';', ','), $"an unescaped separator in '{value}'");
                s.Append(value[i]);
                continue;
            }
            Assert.That(i + 1, Is.LessThan(value.Length), "a backslash escapes something");
            var next = value[++i];
            s.Append(next switch
            {
                'n' or 'N' => '\n',
                '\\' or ';' or ',' => next,
                _ => throw new AssertionException($"'\\{next}' is no TEXT escape"),
            });
        }
        return s.ToString();
    }
}
