"""§3.5 of the FM spec (closing slide) and the cited claim of Part I."""

from symflow.claims import cite_table, prose

prose("FM-Q-open", "Open problem: why does the sharpness increase during the early phase of training?",
      "an open question, credited to Damian, Nichani, Lee (2023): the slide asserts nothing")

cite_table({"FM-Cite-DNL-implicit": "Damian, Nichani, Lee (2023): GD implicitly solves min R s.t. S <= 2/eta; a "
                                    "result of another paper, cited; its interpretation on the slide is checked as "
                                    "FM-Claim-DNL-interpretation"})
