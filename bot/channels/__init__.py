"""Input channels of the assistant beyond Rasa's built-in ones (Slack: `bot.channels.slack.CBPSlackInput`)."""
