## Crisis answers: always first, always short. Every number here has its source in
## content/understanding/numbers.yaml (a test checks it).

crisis-danger =
    🆘 Si estás en peligro ahora:
    📞 Línea 100: gratuita, las 24 horas.
    🚓 Policía: 105.

    En los próximos minutos:
    • Ve a un lugar con salida, lejos de la cocina y de cosas que puedan herirte.
    • Acércate a otras personas: una vecina, la calle, una tienda.
    • No lo enfrentes. Si puedes, sal y pide ayuda.

    Cuando estés a salvo, escríbeme. Aquí sigo.
crisis-others =
    🆘 Si alguien está en peligro ahora, llama primero a la Policía: 105.
    📞 Línea 100 (gratuita, las 24 horas) orienta también a quien ve violencia.

    • No te pongas en riesgo: llama desde un lugar seguro.
    • Di la dirección exacta y qué está pasando.
    • Si puedes, avisa a otras vecinas y vecinos para no estar sola o solo.
crisis-suicide =
    💛 Gracias por contármelo. No tienes que pasar esto sola o solo.
    📞 Línea 113, opción 5: salud mental, gratuita, las 24 horas. Ahí te escuchan ahora.
    🚑 Si te hiciste daño o tomaste algo: SAMU 106 o la emergencia más cercana.

    Si puedes, quédate cerca de alguien de confianza y aleja lo que pueda hacerte daño. Si quieres, una persona de nuestro equipo puede hablar contigo.
crisis-men-risk =
    Hiciste bien en escribir antes de que pase algo.
    Ahora mismo:
    • Aléjate: sal del cuarto o de la casa, sin portazos ni amenazas.
    • Respira lento y cuenta hasta diez. No tomes alcohol.
    • No vuelvas hasta sentirte en calma.

    🚓 Si alguien está en peligro, llama al 105.
    📞 Línea 100 (gratuita, las 24 horas) también te orienta.
    Cuando estés más tranquilo, en Entre patas te escuchamos, sin juzgarte.
crisis-button-team = 💬 Hablar con alguien del equipo
crisis-button-men = 💬 Hablar con Entre patas
