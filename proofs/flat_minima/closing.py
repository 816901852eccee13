"""§3.5 of the FM spec (closing) -- temporary to-do list while the catalogue is written."""

PENDING = ('FM-Fig-critical-lr', 'FM-Cite-DNL-implicit', 'FM-Q-open', 'FM-Fig-open-problem', 'FM-Fig-lr-sharpness-1', 'FM-Fig-lr-sharpness-2', 'FM-Fig-lr-sharpness-3', 'FM-Fig-back-to-experiment', 'FM-Obs-SI-nosaturation', 'FM-Obs-SI-lr-independent')
