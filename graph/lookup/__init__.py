"""Who handles what: question reading, the domain lexicon, the answer-text index and who-handles."""
