using System.Diagnostics;
using RtcEngine.Primitives;
using RtcEngine.Sdp.Jsep;
using RtcEngine.Testing;
using Xunit;

namespace RtcEngine.Sdp.Tests;

/// <summary>
/// 100 000 seeded random mutations of the fixtures: the reader never throws from TryParse and only
/// <see cref="SdpParseException"/> from Parse; whatever parses writes back text that parses to the
/// same text; the validator never throws; the answer builder throws only <see cref="SdpValidationException"/>.
/// </summary>
public class MutationTests
{
    private const int Mutations = 100_000;
    private const string Alphabet = "0123456789abcdefxyzAFIPV =:/;,~*-+.\r\n\0\tåé☕";

    [Fact]
    public void One_hundred_thousand_mutated_fixtures_never_throw_anything_but_SdpParseException()
    {
        string[] fixtures = Fixtures.All().Select(Fixtures.Text).ToArray();
        var random = new SeededRandomSource(20261123);
        var watch = Stopwatch.StartNew();
        int parsed = 0, answered = 0;
        var kinds = new HashSet<SdpParseErrorKind>();
        char[] buffer = new char[64 * 1024];
        for (int i = 0; i < Mutations; i++)
        {
            string source = fixtures[random.NextInt32(fixtures.Length)];
            string text = Mutate(source, fixtures, random, buffer);

            bool ok;
            SessionDescription? description;
            SdpParseError error;
            try
            {
                ok = SessionDescription.TryParse(text, out description, out error);
            }
            catch (Exception e)
            {
                Assert.Fail($"TryParse threw {e} for mutation {i}:\n{text}");
                return;
            }

            if (i % 16 == 0)
            {
                Exception? thrown = Record.Exception(() => SessionDescription.Parse(text));
                Assert.True(thrown is null == ok && (thrown is null || thrown is SdpParseException), $"Parse threw {thrown} for mutation {i}");
            }

            if (!ok)
            {
                Assert.InRange(error.Line, 1, text.Length + 1);
                Assert.True(error.Column >= 1);
                kinds.Add(error.Kind);
                continue;
            }

            parsed++;
            SessionDescription offer = description!;
            if (parsed % 4 == 0)
            {
                string written = offer.ToString();
                Assert.Equal(written, SessionDescription.Parse(written).ToString());
            }

            IReadOnlyList<SdpValidationError> problems = SdpValidator.ValidateOffer(offer);
            if (problems.Count == 0 && parsed % 16 == 0)
            {
                answered++;
                try
                {
                    JsepAnswer answer = JsepAnswerBuilder.CreateAnswer(new JsepAnswerRequest
                    {
                        Offer = offer,
                        Origin = new SdpOrigin("-", "1", 1),
                        Transport = Jsep.JsepTestData.Transport(),
                        Capabilities = Jsep.JsepTestData.Rich,
                    });
                    Assert.Empty(SdpValidator.ValidateAnswer(offer, answer.Description));
                }
                catch (SdpValidationException)
                {
                    // a description that is a valid offer but not a valid answer pair: refused cleanly
                }
            }
        }

        Assert.True(parsed > Mutations / 20, $"only {parsed} mutants parsed: the mutations are too destructive to exercise the typed readers");
        Assert.True(kinds.Count >= 10, "error kinds seen: " + string.Join(", ", kinds));
        Assert.True(answered > 100, $"only {answered} mutants were answered");
        // A few seconds on a quiet 2-core machine; the bound leaves room for a loaded CI runner.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"took {watch.Elapsed}");
    }

    private static string Mutate(string source, string[] fixtures, IRandomSource random, char[] buffer)
    {
        int length = source.Length;
        source.CopyTo(0, buffer, 0, length);
        int operations = 1 + random.NextInt32(3);
        for (int op = 0; op < operations && length > 0; op++)
        {
            int at = random.NextInt32(length);
            switch (random.NextInt32(8))
            {
                case 0: // replace one char
                    buffer[at] = Alphabet[random.NextInt32(Alphabet.Length)];
                    break;
                case 1: // delete a short run
                    int count = Math.Min(1 + random.NextInt32(8), length - at);
                    Array.Copy(buffer, at + count, buffer, at, length - at - count);
                    length -= count;
                    break;
                case 2: // insert chars
                    int insert = 1 + random.NextInt32(4);
                    if (length + insert < buffer.Length)
                    {
                        Array.Copy(buffer, at, buffer, at + insert, length - at);
                        for (int k = 0; k < insert; k++)
                        {
                            buffer[at + k] = Alphabet[random.NextInt32(Alphabet.Length)];
                        }

                        length += insert;
                    }

                    break;
                case 3: // splice a line from any fixture at a line start
                    string other = fixtures[random.NextInt32(fixtures.Length)];
                    int from = other.IndexOf('\n', random.NextInt32(other.Length));
                    int lineStart = Array.LastIndexOf(buffer, '\n', at) + 1;
                    if (from >= 0 && from + 1 < other.Length)
                    {
                        int end = other.IndexOf('\n', from + 1);
                        int take = (end < 0 ? other.Length : end + 1) - (from + 1);
                        if (length + take < buffer.Length)
                        {
                            Array.Copy(buffer, lineStart, buffer, lineStart + take, length - lineStart);
                            other.CopyTo(from + 1, buffer, lineStart, take);
                            length += take;
                        }
                    }

                    break;
                case 4: // truncate
                    length = at;
                    break;
                case 5: // swap two chars
                    int other2 = random.NextInt32(length);
                    (buffer[at], buffer[other2]) = (buffer[other2], buffer[at]);
                    break;
                case 6: // a huge number
                    const string huge = "99999999999999999999999";
                    if (length + huge.Length < buffer.Length)
                    {
                        Array.Copy(buffer, at, buffer, at + huge.Length, length - at);
                        huge.CopyTo(0, buffer, at, huge.Length);
                        length += huge.Length;
                    }

                    break;
                default: // delete a whole line
                    int start = Array.LastIndexOf(buffer, '\n', at) + 1;
                    int next = Array.IndexOf(buffer, '\n', at, length - at);
                    int stop = next < 0 ? length : next + 1;
                    Array.Copy(buffer, stop, buffer, start, length - stop);
                    length -= stop - start;
                    break;
            }
        }

        return new string(buffer, 0, length);
    }
}
