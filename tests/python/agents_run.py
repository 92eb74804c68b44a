"""Runs an agent of the `openai-agents` framework, unmodified, on edgecrew's
OpenAI-compatible API: its chat-completions model points at edgecrew, and the agent has
one function tool of its own, `get_weather`, which the framework runs when the model asks.

The end-to-end suite (tests/tests/e2e_tool_loop.rs) runs this script and asserts on the
JSON it prints:

    agents_run.py --base-url URL --api-key KEY --model MODEL --prompt TEXT
                  [--tool-choice required] [--max-tokens N]

`--tool-choice required` makes the model's first turn a tool call (the framework resets it
to `auto` once its tool has run, so the next turn answers); a small instruct model that
never chooses a tool by itself under `auto` still drives the whole loop that way.

It prints {"final_output", "tool_runs": [the cities get_weather was called with],
"items": [the kinds of the run's items]}; anything that goes wrong exits non-zero.
"""

import argparse
import json

from agents import (
    Agent,
    ModelSettings,
    OpenAIChatCompletionsModel,
    Runner,
    function_tool,
    set_tracing_disabled,
)
from openai import AsyncOpenAI

TOOL_RUNS = []


@function_tool
def get_weather(city: str) -> str:
    """The weather in a city."""
    TOOL_RUNS.append(city)
    return f"sunny and 21 degrees in {city}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--prompt", required=True)
    parser.add_argument("--tool-choice")
    parser.add_argument("--max-tokens", type=int)
    args = parser.parse_args()
    set_tracing_disabled(True)
    client = AsyncOpenAI(base_url=f"{args.base_url}/v1", api_key=args.api_key, max_retries=0)
    agent = Agent(
        name="weather",
        instructions="Answer weather questions with the get_weather tool.",
        model=OpenAIChatCompletionsModel(model=args.model, openai_client=client),
        tools=[get_weather],
        model_settings=ModelSettings(
            tool_choice=args.tool_choice,
            max_tokens=args.max_tokens,
            temperature=0.0 if args.tool_choice else None,
        ),
    )
    result = Runner.run_sync(agent, args.prompt, max_turns=5)
    print(json.dumps({
        "final_output": result.final_output,
        "tool_runs": TOOL_RUNS,
        "items": [item.type for item in result.new_items],
    }))


if __name__ == "__main__":
    main()
