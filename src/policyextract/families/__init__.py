"""The extraction families, one package each (amounts, percentages, dates, entities, facts), and the
helpers they share: number words (`numerals`), figures and their qualifiers (`quantities`), sentence
bounds (`sentences`). Each package declares its family once (`family.Family`); `policyextract.registry`
lists them. See docs/architecture.md.
"""
